import ArgumentParser

/// The `seal` command: Bot4's supply-chain security toolchain.
@main
struct Seal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Sign, verify and checksum release artifacts (minisign-compatible).",
        discussion: """
            Signing flags are minisign's (-p -P -s -m -x -t -c -q -Q -o -W), so scripts written for minisign \
            work with seal; signatures are prehashed (ED) and verify with the stock `minisign -V`.

            Examples:
              seal keygen -p release.pub -s release.key --password-file pw.txt
              seal sign -s release.key -m bot4.tar.gz --password-file pw.txt
              seal verify -p release.pub -m bot4.tar.gz
              seal checksums dist/* --output dist -s release.key --password-file pw.txt

            Exit codes: 0 success; 1 a signature does not verify; 2 usage or bad input (malformed file, wrong \
            password); 3 the environment failed (a file cannot be read or written).
            """,
        subcommands: [
            KeygenCommand.self, SignCommand.self, VerifyCommand.self, ChecksumsCommand.self, ExecCommand.self,
            PubkeyCommand.self,
        ]
    )
}
