import CadreExport
import Foundation
import FoundationXML
import Testing
@testable import CadreGraph

/// `:timeline`: the spans read from the graph, and both pictures of them.
struct TimelineTests {
    /// A person with a post from "2015" to a day, a membership still running, an award on a
    /// day, and a body whose term has only a `period`.
    func sample() -> (Graph, NodeID) {
        var graph = Graph()
        let person = graph.addNode(labels: ["Person"], properties: [("id", .string("person:a")), ("name", .string("Trần Quốc Trung"))])
        let role = graph.addNode(labels: ["Role"], properties: [("id", .string("role:b")), ("name", .string("Bí thư <Thành ủy> & \"Cần Thơ\""))])
        let body = graph.addNode(labels: ["Organization"], properties: [("id", .string("org:c")), ("name", .string("Thành ủy"))])
        let term = graph.addNode(labels: ["Term"], properties: [("id", .string("term:c:13")), ("name", .string("khóa XIII")), ("period", .string("2015-2020"))])
        let award = graph.addNode(labels: ["Award"], properties: [("id", .string("award:d")), ("name", .string("Huân chương"))])
        graph.addEdge(from: person, to: role, type: "HELD", properties: [("from", .date(PartialDate(year: 2015)!)), ("to", .date(PartialDate(year: 2020, month: 9, day: 25)!))])
        graph.addEdge(from: person, to: body, type: "MEMBER_OF", properties: [("from", .date(PartialDate(year: 2016)!))])
        graph.addEdge(from: person, to: award, type: "RECEIVED", properties: [("date", .date(PartialDate(year: 2018, month: 5, day: 2)!))])
        graph.addEdge(from: term, to: body, type: "TERM_OF")
        graph.addEdge(from: person, to: term, type: "SERVED_IN")
        return (graph, person)
    }

    @Test func spansComeFromDatedEdgesAndDatedNeighbours() {
        let (graph, person) = sample()
        let timeline = Timeline(of: person, in: graph)
        #expect(timeline.title == "Trần Quốc Trung (person:a)")
        #expect(timeline.spans.map(\.kind) == ["HELD", "Term", "MEMBER_OF", "RECEIVED"])
        #expect(timeline.spans[2].from == PartialDate(year: 2016))
        #expect(timeline.spans[0].from == PartialDate(year: 2015) && timeline.spans[0].to == PartialDate(year: 2020, month: 9, day: 25))
        #expect(timeline.spans[1].from == PartialDate(year: 2015) && timeline.spans[1].to == PartialDate(year: 2020) && !timeline.spans[1].open)
        #expect(timeline.spans[2].open && timeline.spans[2].to == nil)
        #expect(timeline.spans[3].point)
        #expect(Timeline(of: graph.node(withID: "award:d")!, in: graph).spans.map(\.name) == ["Trần Quốc Trung"])
    }

    @Test func theTerminalPictureAlignsNamesAndFadesUncertainEnds() {
        let (graph, person) = sample()
        let text = TimelineText.render(Timeline(of: person, in: graph), width: 80, at: PartialDate(year: 2017, month: 1, day: 1))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Trần Quốc Trung (person:a)")
        // The bars start in one column whatever the names' accents.
        let starts = lines[1...4].map { line in DisplayWidth.of(String(line.prefix { $0 != "░" && $0 != "█" && $0 != "◆" && $0 != "┊" })) }
        #expect(lines[1].hasPrefix("HELD       Bí thư <Thành ủy> & \"Cần Thơ\"  ░"))
        #expect(Set(starts.prefix(2)).count == 1 && starts[0] <= starts[2] && starts[0] <= starts[3])
        // "2015" is faded for its year, then solid; the membership runs on; the award is a day.
        #expect(lines[1].contains("░█") && !lines[1].contains("▸"))
        #expect(lines[3].hasSuffix("█▸") && lines[3].contains("░█"))
        #expect(lines[4].contains("◆") && !lines[4].contains("█"))
        #expect(lines[1...4].allSatisfy { $0.contains("┊") || $0.contains("█") })
        // Seven years in about 40 columns: a label every other year, under the bars.
        #expect(lines.contains { $0.hasPrefix(String(repeating: " ", count: starts[0] + 5) + "2016") && $0.hasSuffix("2020") }, "\(text)")
        #expect(text.contains("┊ at 2017-01-01"))
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 100 })
    }

    /// A node with more dated edges than a screen shows: the earliest, and a count of the rest.
    @Test func aLongTimelineIsCutAndSaysSo() {
        let (graph, person) = sample()
        let full = Timeline(of: person, in: graph)
        let cut = full.limited(to: 2)
        #expect(cut.spans == Array(full.spans.prefix(2)) && cut.hidden == 2 && full.limited(to: 0).hidden == 0)
        let text = TimelineText.render(cut, width: 80)
        #expect(text.contains("… 2 more rows, the latest, not shown (:maxrows)") && !text.contains("MEMBER_OF"))
        #expect(TimelineSVG.render(cut).contains("… 2 more, the latest, not drawn"))
    }

    @Test func aNodeWithoutDatesSaysSo() {
        var graph = Graph()
        let node = graph.addNode(labels: ["Person"], properties: [("id", .string("person:x")), ("name", .string("X"))])
        #expect(TimelineText.render(Timeline(of: node, in: graph), width: 80) == "X (person:x)\n  no dated edges or neighbours\n")
        #expect(TimelineSVG.render(Timeline(of: node, in: graph)).contains("no dated edges or neighbours"))
    }

    /// The SVG is well-formed XML with the names escaped, a faded part for each uncertain end,
    /// an arrow for the running span, a diamond for the day, and the `:at` line.
    @Test func theSVGIsWellFormedAndDrawsEachKindOfEnd() throws {
        let (graph, person) = sample()
        let svg = TimelineSVG.render(Timeline(of: person, in: graph), at: PartialDate(year: 2017, month: 1, day: 1))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(svg.contains("Bí thư &lt;Thành ủy&gt; &amp; &quot;Cần Thơ&quot;"))
        #expect(svg.components(separatedBy: "fill-opacity=\"0.28\"").count - 1 >= 4)
        #expect(svg.contains("<path d=\"M") && svg.contains("stroke-dasharray") && svg.contains(">at 2017-01-01<"))
        for year in 2015...2021 { #expect(svg.contains(">\(year)</text>")) }
    }
}
