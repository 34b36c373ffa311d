import Bot4TestSupport
import Foundation
import Sodium
import Testing

@testable import Vault

/// The transport settings the standard variables name, against the real OpenBao: mutual TLS
/// (`VAULT_CLIENT_CERT`/`VAULT_CLIENT_KEY`), a CA folder (`VAULT_CAPATH`) and namespaces (`VAULT_NAMESPACE`).
@Suite(.serialized)
struct VaultTransportTests {
    /// A CA, a server certificate for 127.0.0.1 and a client certificate, made with the openssl CLI.
    struct Certificates {
        let directory: URL
        var ca: String { directory.appendingPathComponent("ca.pem").path }
        var serverCert: String { directory.appendingPathComponent("server.pem").path }
        var serverKey: String { directory.appendingPathComponent("server.key").path }
        var clientCert: String { directory.appendingPathComponent("client.pem").path }
        var clientKey: String { directory.appendingPathComponent("client.key").path }

        init() throws {
            let openssl = try TestEnvironment.requireTool("openssl")
            directory = try TestEnvironment.temporaryDirectory("bot4-mtls")
            let dir = directory.path
            func run(_ arguments: [String]) throws {
                let result = try ProcessRunner.run(openssl, arguments)
                guard result.status == 0 else { throw OpenBaoServerError("openssl \(arguments[0]): \(result.err)") }
            }
            let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
            try run(
                ["req", "-x509"] + ec + [
                    "-keyout", "\(dir)/ca.key", "-out", ca, "-days", "1", "-subj", "/CN=bot4-test-ca",
                ]
            )
            for (name, subject, usage) in [
                ("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"),
                ("client", "/CN=bot4-client", "extendedKeyUsage=clientAuth\n"),
            ] {
                try usage.write(toFile: "\(dir)/\(name).ext", atomically: true, encoding: .utf8)
                try run(
                    ["req"] + ec + ["-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).csr", "-subj", subject]
                )
                try run([
                    "x509", "-req", "-in", "\(dir)/\(name).csr", "-CA", ca, "-CAkey", "\(dir)/ca.key",
                    "-CAcreateserial", "-out", "\(dir)/\(name).pem", "-days", "1", "-extfile", "\(dir)/\(name).ext",
                ])
            }
        }
    }

    static func text(_ value: SecureBytes?) -> String? {
        value?.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("openssl")))
    func mutualTLSAndACAFolder() async throws {
        let certificates = try Certificates()
        defer { try? FileManager.default.removeItem(at: certificates.directory) }
        let port = OpenBaoServer.freePort()
        // A second listener beside the dev one: TLS that requires a client certificate from our CA.
        let server = try OpenBaoServer.startDev(
            extraConfig: """
                listener "tcp" {
                  address = "127.0.0.1:\(port)"
                  cluster_address = "127.0.0.1:\(port + 1)"
                  tls_cert_file = "\(certificates.serverCert)"
                  tls_key_file = "\(certificates.serverKey)"
                  tls_client_ca_file = "\(certificates.ca)"
                  tls_require_and_verify_client_cert = true
                }
                """
        )
        defer { server.tearDown() }
        let value = "mtls-" + UUID().uuidString
        try server.putKV2("mtls", #"{"k":"\#(value)"}"#)
        // The CA in a folder of its own (VAULT_CAPATH), as a .pem among other files.
        let caFolder = certificates.directory.appendingPathComponent("cas")
        try FileManager.default.createDirectory(at: caFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: certificates.ca,
            toPath: caFolder.appendingPathComponent("bot4-ca.pem").path
        )
        try "not a certificate".write(to: caFolder.appendingPathComponent("README"), atomically: true, encoding: .utf8)
        let address = "https://127.0.0.1:\(port)"

        var environment = [
            "VAULT_ADDR": address, "VAULT_TOKEN": server.rootToken, "VAULT_CAPATH": caFolder.path,
            "VAULT_CLIENT_CERT": certificates.clientCert, "VAULT_CLIENT_KEY": certificates.clientKey,
            "VAULT_MAX_RETRIES": "0",
        ]
        let client = try VaultClient(configuration: try VaultConfiguration(environment: environment))
        #expect(Self.text(try await client.readKV("secret/mtls").values["k"]) == value)
        await client.shutdown()

        // Without the client certificate the server ends the handshake: an error, not a retry loop, no value.
        environment["VAULT_CLIENT_CERT"] = nil
        environment["VAULT_CLIENT_KEY"] = nil
        var anonymous = try VaultConfiguration(environment: environment)
        anonymous.connectTimeout = .seconds(2)
        let refusing = try VaultClient(configuration: anonymous)
        let refused = await #expect(throws: VaultError.self) { try await refusing.readKV("secret/mtls") }
        #expect(
            refused.map { [.unreachable, .configuration].contains($0.code) } == true,
            "\(String(describing: refused))"
        )
        #expect(!String(describing: refused).contains(value))
        await refusing.shutdown()

        // A client key that does not exist is a configuration error naming the variables, at construction.
        environment["VAULT_CLIENT_CERT"] = certificates.clientCert
        environment["VAULT_CLIENT_KEY"] = certificates.directory.appendingPathComponent("missing.key").path
        let broken = #expect(throws: VaultError.self) {
            try VaultClient(configuration: try VaultConfiguration(environment: environment))
        }
        #expect(broken?.code == .configuration)
        #expect(broken?.message.contains("VAULT_CACERT/CAPATH/CLIENT_CERT/KEY") == true)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func namespacesScopeEveryRequest() async throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        let created = try server.call("POST", "sys/namespaces/bot4", body: "{}")
        #expect(created.status == 200, "OpenBao namespaces: \(created.body)")
        let inNamespace = ["X-Vault-Namespace: bot4"]
        try server.call(
            "POST",
            "sys/mounts/kv",
            body: #"{"type":"kv","options":{"version":"2"}}"#,
            headers: inNamespace
        )
        let value = "ns-" + UUID().uuidString
        let written = try server.call(
            "POST",
            "kv/data/db",
            body: #"{"data":{"password":"\#(value)"}}"#,
            headers: inNamespace
        )
        #expect(written.status == 200)
        // The same path outside the namespace does not exist.
        #expect(try server.call("GET", "kv/data/db").status == 404)

        var environment = [
            "VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken, "VAULT_NAMESPACE": "bot4",
            "VAULT_MAX_RETRIES": "0",
        ]
        let client = try VaultClient(configuration: try VaultConfiguration(environment: environment))
        let secret = try await client.readKV("kv/db")
        #expect(Self.text(secret.values["password"]) == value)
        #expect(secret.engine == .kv(KVMount(path: "kv/", version: 2)))
        await client.shutdown()

        // Without the namespace the mount is not found, and the message names the path, not a value.
        environment["VAULT_NAMESPACE"] = nil
        let outside = try VaultClient(configuration: try VaultConfiguration(environment: environment))
        let missing = await #expect(throws: VaultError.self) { try await outside.readKV("kv/db") }
        #expect(missing?.code == .unsupportedMount)
        #expect(missing?.message.contains("kv/db") == true)
        await outside.shutdown()
    }
}
