import ArgumentParser
import FileSystem
import Foundation
import Minisign
import Release
import Sodium

/// `seal keygen`: a minisign key pair.
struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a minisign key pair (scrypt-encrypted secret key unless -W).",
        discussion: """
            The password is read from --password-file, from standard input when it is not a terminal, or from \
            the terminal; never from the command line.

            Examples:
              seal keygen -p release.pub -s release.key
              seal keygen -p ci.pub -s ci.key --password-file /run/secrets/pw --kdf interactive
              seal keygen -W -p test.pub -s test.key
            """
    )

    enum KDF: String, ExpressibleByArgument, CaseIterable {
        case sensitive, interactive
    }

    @Option(name: .customShort("p"), help: ArgumentHelp("Public key file to write.", valueName: "pubkey"))
    var publicKeyFile: String = KeyDefaults.publicKeyPath

    @Option(
        name: .customShort("s"),
        help: ArgumentHelp("Secret key file to write (default: ~/.minisign/minisign.key).", valueName: "seckey")
    )
    var secretKeyFile: String?

    @Flag(name: .customShort("W"), help: "Do not encrypt the secret key with a password.")
    var withoutPassword = false

    @Option(name: .long, help: ArgumentHelp("Read the password from the first line of this file.", valueName: "file"))
    var passwordFile: String?

    @Option(name: .long, help: "scrypt cost: sensitive (minisign's default) or interactive (fast, for tests).")
    var kdf: KDF = .sensitive

    @Flag(name: .customShort("f"), help: "Overwrite existing key files.")
    var force = false

    func run() async throws {
        try await SealExit.mapping {
            for warning in SecretKeyHardening.apply() { SealExit.report(warning) }
            let secretPath = secretKeyFile ?? KeyDefaults.secretKeyPath
            if secretKeyFile == nil {
                try? FileManager.default.createDirectory(
                    atPath: (secretPath as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            }
            if !force {
                for path in [secretPath, publicKeyFile] where FileManager.default.fileExists(atPath: path) {
                    throw CLIError.usage("\(path) already exists; use -f to overwrite it")
                }
            }
            let protection: SecretKey.Protection
            if withoutPassword {
                protection = .none
            } else {
                let password = try PasswordReader(passwordFile: passwordFile).read(prompt: "Password: ", confirm: true)
                protection = .password(password, kdf == .sensitive ? .sensitive : .interactive)
            }
            let key = try SecretKey.generate()
            let secretText = try key.fileContents(protection: protection)
            try AtomicFile.write(secretText, to: secretPath, mode: 0o600, overwrite: force)
            let publicKey = key.publicKey
            try AtomicFile.write(publicKey.fileContents(), to: publicKeyFile, mode: 0o644, overwrite: force)
            print(
                """
                The secret key was saved as \(secretPath) - Keep it secret!
                The public key was saved as \(publicKeyFile) - That one can be public.

                Files signed using this key pair can be verified with the following command:

                seal verify -m <file> -P \(publicKey.base64)
                minisign -Vm <file> -P \(publicKey.base64)
                """
            )
        }
    }
}
