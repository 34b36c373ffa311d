import ProcessHardening

/// Keeps a secret key (and the password that decrypts it) out of core dumps and away from other processes
/// of the same user: the commands that hold one (`keygen`, `sign`, `checksums -s`) apply this before they
/// read a password or a key, as `seal exec` does before it reads a secret.
public enum SecretKeyHardening {
    /// Sets the soft core limit to 0 and marks the process not dumpable.
    /// - Returns: a warning for each measure that could not be applied (empty when all were).
    public static func apply() -> [String] {
        ProcessHardening.disableCoreDumps().map {
            "warning: could not apply \($0); a core dump could hold the secret key"
        }
    }
}
