/// TOMLKit 0.6.0 never frees the parse-error buffer of `TOMLTable(string:)` nor the key array of
/// `TOMLTable.keys` (CTOML Table.cpp `strdup`s them; the Swift side copies and drops the pointers). That is
/// a few bytes per policy parse, once per `seal audit` run, but LeakSanitizer reports it on every fuzz
/// input. Leaks whose allocation stack passes through TOMLKit's sources are suppressed; leaks anywhere else
/// still fail the run.
private let suppressions: StaticString = "leak:/TOMLKit/\n"

@_cdecl("__lsan_default_suppressions")
public func lsanDefaultSuppressions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(suppressions.utf8Start).assumingMemoryBound(to: CChar.self)
}
