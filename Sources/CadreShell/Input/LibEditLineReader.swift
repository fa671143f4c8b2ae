import CadreGraph
import CLibEdit
import CLibEditShim
import Foundation

/// Line editing on a terminal through libedit: emacs keys, Ctrl-R search, persistent history
/// (one entry per statement, even a multi-line one), Tab completion, and Ctrl-C as an ordinary
/// key that drops the line (race-free, see ../shared/libedit.md).
final class LibEditLineReader: LineReader {
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private var cancelled = false
    /// Completes the text before the cursor.
    var completer: ((String) -> Completer.Result)?

    static let historySize: Int32 = 5_000

    /// Nil when libedit cannot start (no terminal).
    init?(historyPath: String?) {
        if setlocale(LC_CTYPE, "") == nil || !String(cString: nl_langinfo(nl_item(CODESET))).uppercased().contains("UTF") {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        guard let editor = cadre_el_init("cadre") else { return nil }
        self.editor = editor
        history = cadre_history_init(Self.historySize)
        self.historyPath = historyPath
        if let historyPath {
            Self.prepareHistoryFile(historyPath)
            _ = cadre_history_load(history, historyPath)
        }
        cadre_el_set_history(editor, history)
        cadre_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        cadre_el_bind(editor, "cadre-cancel", "drop the line", { editor, _ in
            guard let editor, let data = cadre_el_get_clientdata(editor) else { return UInt8(CC_ERROR) }
            Unmanaged<LibEditLineReader>.fromOpaque(data).takeUnretainedValue().cancelled = true
            return UInt8(CC_NEWLINE)
        }, "^C")
        cadre_el_bind(editor, "cadre-complete", "complete the word", { editor, _ in
            guard let editor, let data = cadre_el_get_clientdata(editor) else { return UInt8(CC_ERROR) }
            return Unmanaged<LibEditLineReader>.fromOpaque(data).takeUnretainedValue().completeWord()
        }, "^I")
    }

    deinit {
        cadre_el_restore_tty(editor)
        cadre_el_end(editor)
        cadre_history_end(history)
    }

    var isInteractive: Bool { true }

    func readLine(prompt: String) -> LineInput {
        cancelled = false
        cadre_el_set_prompt(editor, prompt)
        var count: Int32 = 0
        guard let raw = el_gets(editor, &count) else {
            return cancelled ? .cancelled : .endOfInput
        }
        if cancelled {
            FileHandle.standardOutput.write(Data("^C\n".utf8))
            return .cancelled
        }
        if count == 0 { return .endOfInput }
        var length = strlen(raw)
        if length > 0 && raw[length - 1] == 0x0A { length -= 1 }
        return LineInput.decoding(UnsafeRawBufferPointer(start: raw, count: length).bindMemory(to: UInt8.self))
    }

    /// Adds the entry and writes the history file at once, so a crash loses nothing.
    func addHistory(_ entry: String) {
        _ = cadre_history_enter(history, entry)
        if let historyPath { _ = cadre_history_save(history, historyPath) }
    }

    /// The history file, with its directory (mode 0700) and the file itself (mode 0600).
    private static func prepareHistoryFile(_ path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: Data("_HiStOrY_V2_\n".utf8), attributes: [.posixPermissions: 0o600])
        }
    }

    private func completeWord() -> UInt8 {
        guard let completer, let info = el_line(editor) else { return UInt8(CC_ERROR) }
        let start = UnsafeRawPointer(info.pointee.buffer!)
        let cursor = UnsafeRawPointer(info.pointee.cursor!)
        let length = cursor - start
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
        let result = completer(before)
        let wordBytes = Array(before.utf8)[result.start...]
        let word = String(decoding: wordBytes, as: UTF8.self)
        guard !result.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if result.candidates.count == 1 {
            replace(word, with: result.candidates[0])
            return UInt8(CC_REFRESH)
        }
        let common = Self.commonPrefix(result.candidates)
        if common.unicodeScalars.count > word.unicodeScalars.count {
            replace(word, with: common)
            return UInt8(CC_REFRESH)
        }
        FileHandle.standardOutput.write(Data(("\n" + Self.columns(result.labels, width: Self.terminalWidth())).utf8))
        return UInt8(CC_REDISPLAY)
    }

    /// el_deletestr counts characters (scalars), not bytes.
    private func replace(_ word: String, with replacement: String) {
        if !word.isEmpty { el_deletestr(editor, Int32(word.unicodeScalars.count)) }
        _ = el_insertstr(editor, replacement)
    }

    static func commonPrefix(_ candidates: [String]) -> String {
        guard var prefix = candidates.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for candidate in candidates.dropFirst() {
            let scalars = Array(candidate.unicodeScalars)
            var length = 0
            while length < min(prefix.count, scalars.count) && prefix[length] == scalars[length] { length += 1 }
            prefix = Array(prefix[..<length])
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: prefix)
        return String(text)
    }

    /// Candidates listed in columns, as shells list completions.
    static func columns(_ items: [String], width: Int) -> String {
        let widest = (items.map(DisplayWidth.of).max() ?? 0) + 2
        let perLine = max(1, width / max(1, widest))
        var out = ""
        for (index, item) in items.enumerated() {
            out += item
            if (index + 1) % perLine == 0 || index == items.count - 1 {
                out += "\n"
            } else {
                out += String(repeating: " ", count: widest - DisplayWidth.of(item))
            }
        }
        return out
    }

    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

