import Foundation
import Testing
@testable import CadreGraph

/// The graph shipped in graph/: valid, canonical, and faithful to its sources.
struct CanThoGraphTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let path = root.appendingPathComponent("graph/cantho-2020.cg").path
    static let seed = root.appendingPathComponent("../shared/seed/baocantho-2020-10-14.txt").path
    static let article = "src:baocantho:2020-10-14:tcxdd-90-nam"

    func load() throws -> Graph { try GraphFileReader.read(path: Self.path) }

    @Test func checksCleanAndIsCanonical() throws {
        let graph = try load()
        #expect(graph.nodeCount >= 40 && graph.edgeCount >= 60)
        let bytes = try #require(FileManager.default.contents(atPath: Self.path))
        #expect(try GraphFileWriter.write(graph) == String(decoding: bytes, as: UTF8.self))
    }

    @Test func everyNodeAndEdgeCitesAKnownSource() throws {
        let graph = try load()
        let sources = Set(graph.nodes(withLabel: "Source").compactMap { graph.property(of: $0, "id")?.stringValue })
        func cited(_ value: Value?) -> [String] {
            switch value {
            case .string(let id)?: [id]
            case .list(let items)?: items.compactMap(\.stringValue)
            default: []
            }
        }
        for node in graph.nodes {
            let ids = cited(graph.property(of: node, "source"))
            #expect(!ids.isEmpty && ids.allSatisfy(sources.contains), "node \(graph.property(of: node, "id")!.literal)")
            #expect(graph.property(of: node, "basis") != nil)
            if graph.property(of: node, "basis") == .string("external") {
                #expect(ids.allSatisfy { $0.hasPrefix("src:ext:") })
            }
        }
        for edge in graph.edges {
            let ids = cited(graph.property(of: edge, "source"))
            #expect(!ids.isEmpty && ids.allSatisfy(sources.contains), "a \(graph.typeName(of: edge)) edge")
            #expect(graph.property(of: edge, "basis") != nil)
        }
    }

    @Test func externalFactsNameAnExternalSource() throws {
        let graph = try load()
        for node in graph.nodes where graph.property(of: node, "external_keys") != nil {
            guard case .list(let sources)? = graph.property(of: node, "source") else {
                Issue.record("node \(graph.property(of: node, "id")!.literal) has external keys but one source")
                continue
            }
            #expect(sources.contains { $0.stringValue?.hasPrefix("src:ext:") == true })
        }
    }

    @Test func everyArticleNodeIsMentionedByTheArticle() throws {
        let graph = try load()
        let article = try #require(graph.node(withID: Self.article))
        let mentioned = Set(graph.edges(of: article, direction: .outgoing, type: graph.types.lookup("MENTIONS")!).map(\.other))
        for node in graph.nodes where node != article && graph.property(of: node, "basis") == .string("explicit") {
            #expect(mentioned.contains(node), "\(graph.property(of: node, "id")!.literal) is not mentioned")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: seed), "needs ../shared/seed beside the repository"))
    func everyQuoteStandsInTheArticle() throws {
        let graph = try load()
        let data = try #require(FileManager.default.contents(atPath: Self.seed))
        let article = Array(Normalization.nfc(String(decoding: data, as: UTF8.self)).utf8)
        var quotes: [String] = []
        for node in graph.nodes { if let quote = graph.property(of: node, "quote")?.stringValue { quotes.append(quote) } }
        for edge in graph.edges { if let quote = graph.property(of: edge, "quote")?.stringValue { quotes.append(quote) } }
        #expect(quotes.count > 100)
        for quote in quotes {
            let needle = Array(quote.utf8)
            let found = article.indices.contains { start in
                start + needle.count <= article.count && article[start..<start + needle.count].elementsEqual(needle)
            }
            #expect(found, "quote not in the article: \(quote)")
        }
    }
}
