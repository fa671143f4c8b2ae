import CadreExport
import CadreGraph
import CadreQuery
import Foundation

extension Shell {
    /// Runs the statements in `text`, which starts at `line` of `sourceName`. Errors are printed
    /// with their place in that file. Returns false after an error.
    func runStatements(_ text: String, sourceName: String, line: Int, interactive: Bool) -> Bool {
        // Padding the text with the lines before it makes every error position a position in
        // the file, so messages read `file:line:col`.
        let padded = String(repeating: "\n", count: max(0, line - 1)) + text
        let source = SourceText(name: sourceName, text: padded)
        let statements: [Statement]
        do {
            statements = try QueryEngine.parse(source)
        } catch {
            report(error.rendered(in: source))
            return false
        }
        for statement in statements {
            if options.echo {
                output.write(source.text(in: statement.range).trimmingCharacters(in: .whitespacesAndNewlines) + ";\n")
            }
            guard runStatement(statement, source: source) else { return false }
        }
        return true
    }

    private func runStatement(_ statement: Statement, source: SourceText) -> Bool {
        let started = DispatchTime.now().uptimeNanoseconds
        var working = graph
        var result: QueryResult
        var stream: ResultStream? = nil
        do {
            let prepared = try QueryEngine.prepare(statement, source: source)
            // A statement that reads only is written as its rows come (one that writes shows
            // its rows once it has succeeded).
            if !prepared.updates && !prepared.columns.isEmpty && ResultStream.streams(options.format, maxRows: maxRows) {
                let rows = ResultStream(format: options.format, columns: prepared.columns, graph: graph,
                                        width: output.path == nil ? options.width : nil, maxRows: maxRows) { [output] in output.write($0) }
                stream = rows
                result = try QueryEngine.run(prepared, on: &working, parameters: parameters, cancel: cancel) { rows.take($0) }
                result.rows = rows.kept
            } else {
                result = try QueryEngine.run(prepared, on: &working, parameters: parameters, cancel: cancel)
            }
        } catch {
            if error.kind == .interrupted {
                report("Interrupted; the graph is unchanged.")
            } else {
                report(error.rendered(in: source))
            }
            return false
        }
        if result.statistics.containsUpdates {
            if options.readOnly {
                report("\(source.name): the graph is read-only (--read-only); the statement changed nothing")
                return false
            }
            graph = working
            dirty = true
            keepInJournal(source.text(in: statement.range))
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        if !result.columns.isEmpty { lastResult = result }
        if let stream { stream.finish() } else { render(result) }
        if result.statistics.containsUpdates && reader?.isInteractive == true {
            notice(describe(result.statistics))
        }
        if timer { notice(String(format: "Run time: %.3f ms", elapsed)) }
        return true
    }

    func render(_ result: QueryResult) {
        guard !result.columns.isEmpty else { return }
        var shown = result
        var hidden = 0
        if maxRows > 0 && result.rows.count > maxRows && options.format.isForPeople {
            hidden = result.rows.count - maxRows
            shown.rows = Array(result.rows.prefix(maxRows))
        }
        var text = options.format.render(shown, graph: graph, width: output.path == nil ? options.width : nil)
        if hidden > 0 { text += ResultStream.hiddenRows(hidden, of: result.rows.count) }
        output.write(text)
    }

    func describe(_ statistics: UpdateStatistics) -> String {
        summarize(statistics)
    }

    private func summarize(_ s: UpdateStatistics) -> String {
        let items: [(Int, String, String)] = [
            (s.nodesCreated, "node", "created"), (s.nodesDeleted, "node", "deleted"),
            (s.relationshipsCreated, "relationship", "created"), (s.relationshipsDeleted, "relationship", "deleted"),
            (s.propertiesSet, "property", "set"), (s.labelsAdded, "label", "added"), (s.labelsRemoved, "label", "removed"),
        ]
        return items.filter { $0.0 > 0 }.map { count, noun, verb in
            "\(count) \(count == 1 ? noun : (noun == "property" ? "properties" : noun + "s")) \(verb)"
        }.joined(separator: ", ") + " (not saved yet: :save)"
    }

    /// Appends a statement that changed the graph to the session's journal, with the
    /// parameters it ran with; says once when the journal cannot be written.
    func keepInJournal(_ statement: String) {
        guard let journal else { return }
        var input = ""
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            input += ":param \(name) \(ValueText(graph: graph).literal(value))\n"
        }
        input += statement.trimmingCharacters(in: .whitespacesAndNewlines) + ";\n"
        if !journal.append(input) && !journalFailed {
            journalFailed = true
            report("cannot write the journal \(journal.path): changes are kept in memory only until :save")
        }
    }
}
