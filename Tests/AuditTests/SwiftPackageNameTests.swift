import Audit
import Testing

@Suite struct SwiftPackageNameTests {
    @Test(arguments: [
        "https://github.com/apple/swift-nio.git", "https://github.com/apple/swift-nio", "github.com/apple/swift-nio",
        "git@github.com:apple/swift-nio.git", "ssh://git@github.com/apple/swift-nio.git",
        "https://GitHub.com/Apple/Swift-NIO",
        "https://github.com/apple/swift-nio/", "http://github.com:443/apple/swift-nio.git",
        "https://user@github.com/apple/swift-nio",
        "https://github.com/apple/swift-nio.git#main", "https://github.com/apple/swift%2Dnio",
        // Plain forms, which take the short path: no scheme, user, port, query, fragment or escape.
        "GitHub.com/Apple/Swift-NIO.GIT", "github.com/apple/swift-nio.git/", "github.com/apple/swift-nio//",
    ])
    func variantsAreOnePackage(_ location: String) {
        #expect(SwiftPackageName(location).canonical == "github.com/apple/swift-nio", "\(location)")
    }

    @Test func differentOwnersStayApart() {
        #expect(
            SwiftPackageName("https://github.com/fork/swift-nio").canonical
                != SwiftPackageName("github.com/apple/swift-nio").canonical
        )
        #expect(
            SwiftPackageName("github.com/migueldeicaza/SwiftTerm").canonical == "github.com/migueldeicaza/swiftterm"
        )
    }
}
