import ArgumentParser
import FileSystem
import Minisign
import Release

/// `seal pubkey --key vault-transit://…`: the minisign public key of a Transit key version.
struct PubkeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pubkey",
        abstract: "Write the minisign public key of a remote (Vault/OpenBao Transit) Ed25519 key.",
        discussion: """
            The key id is the first 8 bytes of BLAKE2b-512("seal-transit-keyid-v1" || public key): a pure \
            function of the key version's public key, so `seal sign --key` with the same version writes the \
            same id. Rotating the Transit key makes a new version with a new key id; publish its public key \
            before signing with it and keep the old one while old signatures must verify.

            Examples:
              seal pubkey --key vault-transit://transit/keys/release -p release.pub
              seal pubkey --key "vault-transit://transit/keys/release?version=1"
            """
    )

    @Option(name: .long, help: "The key: vault-transit://MOUNT/keys/NAME[?version=N].")
    var key: String

    @Option(
        name: .long,
        help: "Log in to Vault as the [vault] table of this secrets.toml says (token or AppRole); else VAULT_*."
    )
    var vaultConfig: String?

    @Option(name: .customShort("p"), help: "Write the public key file here (else print it).")
    var publicKeyFile: String?

    func run() async throws {
        try await SealExit.mapping {
            let signingKey = SigningKey.vaultTransit(reference: key, vaultConfig: vaultConfig)
            let publicKey = try await signingKey.withSigner { try await $0.publicKey }
            let contents = publicKey.fileContents()
            if let publicKeyFile {
                try AtomicFile.write(contents, to: publicKeyFile)
            } else {
                print(contents, terminator: contents.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}
