/// The version `seal` and `bot4` print for `--version`.
///
/// The string is `git describe --tags --always` of the checkout the binary was built from (the commit hash when
/// no tag is reachable), generated before each build by the `VersionStamp` plugin; `unknown` when the sources
/// are not a git checkout. It never holds a clock, so two builds of one commit are byte-identical.
public enum BuildVersion {
    /// The stamped version.
    public static var string: String { stamp }
}
