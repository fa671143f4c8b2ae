import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built binary in a pseudo-terminal, as a person at a terminal would: type keys,
/// wait for text to appear, see how it exits.
final class PseudoTerminal {
    private(set) var output: [UInt8] = []
    private let master: Int32
    private let pid: pid_t

    enum Key {
        static let left = "\u{1B}[D", up = "\u{1B}[A", backspace = "\u{7F}", tab = "\t"
        static let ctrlC = "\u{03}", ctrlD = "\u{04}", ctrlU = "\u{15}", enter = "\r"
    }

    init(_ arguments: [String], environment: [String: String] = [:], in directory: URL = CLIRunner.root) throws {
        var environ = ProcessInfo.processInfo.environment
        environ["TERM"] = "xterm"
        environ["LANG"] = "C.UTF-8"
        environ["NO_COLOR"] = "1"
        for (key, value) in environment { environ[key] = value }
        // Every C string is made before fork: the child may only call async-signal-safe functions.
        let path = CLIRunner.binary.path
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environ.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let workingDirectory = strdup(directory.path)
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        var masterDescriptor: Int32 = -1
        let child = forkpty(&masterDescriptor, nil, nil, &size)
        if child == 0 {
            var empty = sigset_t()
            sigemptyset(&empty)
            sigprocmask(SIG_SETMASK, &empty, nil)
            chdir(workingDirectory!)
            execve(path, argv, envp)
            _exit(127)
        }
        guard child > 0 else { throw POSIXError(.EAGAIN) }
        pid = child
        master = masterDescriptor
        for pointer in argv { free(pointer) }
        for pointer in envp { free(pointer) }
        free(workingDirectory)
    }

    deinit {
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    var text: String { String(decoding: output, as: UTF8.self) }

    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads until `expected` appears after `from` bytes of output; false at the deadline.
    @discardableResult
    func waitFor(_ expected: String, after from: Int = 0, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if String(decoding: output[min(from, output.count)...], as: UTF8.self).contains(expected) { return true }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 50) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { return String(decoding: output[min(from, output.count)...], as: UTF8.self).contains(expected) }
                output += buffer[0..<count]
            }
        }
        return false
    }

    /// libedit prints its prompt before switching the terminal to raw mode: wait for the prompt,
    /// then for raw mode, before typing.
    func waitForPrompt(_ prompt: String = "cadre> ", after from: Int = 0) -> Bool {
        guard waitFor(prompt, after: from) else { return false }
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            var attributes = termios()
            if tcgetattr(master, &attributes) == 0 && attributes.c_lflag & tcflag_t(ICANON) == 0 { return true }
            usleep(10_000)
        }
        return false
    }

    /// Waits until libedit is reading keys again (raw mode), then sends Ctrl-D; returns the
    /// exit status. Keys sent while the terminal is in normal mode may be dropped by libedit's
    /// switch to raw mode, so every keystroke of a test waits for the prompt first.
    /// Kills the shell as a crash or a closed laptop would: SIGKILL, no chance to clean up.
    func kill() -> Int32? {
        _ = Glibc.kill(pid, SIGKILL)
        return waitForExit()
    }

    func quit() -> Int32? {
        _ = waitForRawMode()
        send(Key.ctrlD)
        return waitForExit()
    }

    func waitForRawMode(seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            waitFor("\u{0}", seconds: 0.02)
            var attributes = termios()
            if tcgetattr(master, &attributes) == 0 && attributes.c_lflag & tcflag_t(ICANON) == 0 { return true }
        }
        return false
    }

    /// The exit status, after reading what is left to read.
    func waitForExit(seconds: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            waitFor("\u{0}", seconds: 0.1)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xFF }
        }
        return nil
    }
}
