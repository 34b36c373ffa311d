import Release
import Testing

/// The progress of `seal release` as text: a live line on a terminal, plain lines in a log, and a drawn live
/// line ended before anything else is written.
@Suite struct ReleaseProgressRendererTests {
    static let build = ReleaseProgress.started(step: "build")
    static let built = ReleaseProgress.finished(step: "build", summary: "alpha 1.0 MiB", seconds: 12.34)

    @Test func aLiveStepIsDrawnWithoutANewlineAndReplacedWhenItFinishes() {
        var renderer = ReleaseProgressRenderer(live: true)
        #expect(renderer.render(Self.build) == "\r\u{1B}[Krelease: build…")
        #expect(renderer.lineIsOpen)
        #expect(renderer.render(Self.built) == "\r\u{1B}[Krelease: build: alpha 1.0 MiB (12.3 s)\n")
        #expect(!renderer.lineIsOpen)
        #expect(renderer.close() == "")
    }

    /// A step that fails while its line is drawn: the line is ended, so the error starts a line of its own and
    /// the unfinished step stays shown above it; a second close writes nothing more.
    @Test func aFailingLiveStepIsEndedBeforeTheError() {
        var renderer = ReleaseProgressRenderer(live: true)
        var screen = renderer.render(Self.build)
        screen += renderer.close()
        screen += "seal: swift build failed\n"
        #expect(screen == "\r\u{1B}[Krelease: build…\nseal: swift build failed\n")
        #expect(!renderer.lineIsOpen)
        #expect(renderer.close() == "")
    }

    @Test func aLogGetsPlainLinesWithoutEscapes() {
        var renderer = ReleaseProgressRenderer(live: false)
        var log = renderer.render(Self.build)
        #expect(!renderer.lineIsOpen)
        log += renderer.close()
        log += renderer.render(Self.built)
        log += renderer.close()
        #expect(log == "release: build…\nrelease: build: alpha 1.0 MiB (12.3 s)\n")
        #expect(!log.contains("\u{1B}") && !log.contains("\r"))
    }
}
