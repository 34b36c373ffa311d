# Produces fixture SBOMs with the independent Python libraries (cyclonedx-python-lib, spdx-tools).
import sys, datetime
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType, ComponentScope
from cyclonedx.model import HashType, HashAlgorithm, Property
from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression
from cyclonedx.output.json import JsonV1Dot6
from packageurl import PackageURL
out = sys.argv[1]
bom = Bom()
root = Component(name="Demo", version="1.0.0", type=ComponentType.APPLICATION, bom_ref="root",
                 purl=PackageURL.from_string("pkg:swift/github.com/example/Demo@1.0.0"))
bom.metadata.component = root
nio = Component(name="swift-nio", group="github.com/apple", version="2.62.0", bom_ref="nio",
                purl=PackageURL.from_string("pkg:swift/github.com/apple/swift-nio@2.62.0"),
                licenses=[DisjunctiveLicense(id="Apache-2.0")])
ssl = Component(name="libssl3", version="3.0.17-1~deb12u2", bom_ref="ssl",
                purl=PackageURL.from_string("pkg:deb/debian/libssl3@3.0.17-1~deb12u2?arch=amd64&distro=debian-12"),
                properties=[Property(name="seal:deb:source", value="openssl"), Property(name="seal:deb:source-version", value="3.0.17-1~deb12u2")],
                hashes=[HashType(alg=HashAlgorithm.SHA_256, content="a"*64)])
testdep = Component(name="swift-snapshot-testing", group="github.com/pointfreeco", version="1.17.0", bom_ref="snap", scope=ComponentScope.EXCLUDED,
                    purl=PackageURL.from_string("pkg:swift/github.com/pointfreeco/swift-snapshot-testing@1.17.0"),
                    licenses=[LicenseExpression(value="MIT OR Apache-2.0")])
for c in (nio, ssl, testdep): bom.components.add(c)
bom.register_dependency(root, [nio, testdep])
bom.register_dependency(nio, [ssl])
bom.metadata.timestamp = datetime.datetime(2026, 11, 25, 12, 0, 0, tzinfo=datetime.timezone.utc)
open(out + "/python-cyclonedx.cdx.json", "w").write(JsonV1Dot6(bom).output_as_string(indent=2))

from spdx_tools.spdx.model import (Document, CreationInfo, Package, Relationship, RelationshipType, Actor, ActorType,
    ExternalPackageRef, ExternalPackageRefCategory, Checksum, ChecksumAlgorithm, SpdxNoAssertion, SpdxNone)
from spdx_tools.spdx.writer.write_anything import write_file
from license_expression import get_spdx_licensing
lic = get_spdx_licensing()
ci = CreationInfo(spdx_version="SPDX-2.3", spdx_id="SPDXRef-DOCUMENT", name="demo", document_namespace="https://example.com/spdx/demo-1",
                  creators=[Actor(ActorType.TOOL, "spdx-tools-0.8.5"), Actor(ActorType.ORGANIZATION, "Example Org")],
                  created=datetime.datetime(2026, 11, 25, 12, 0, 0))
doc = Document(ci)
def pkg(i, name, ver, purl, licdecl=None):
    p = Package(spdx_id=i, name=name, download_location=SpdxNoAssertion(), version=ver, files_analyzed=False,
                external_references=[ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", purl)])
    if licdecl: p.license_declared = lic.parse(licdecl)
    return p
doc.packages = [pkg("SPDXRef-Demo", "Demo", "1.0.0", "pkg:swift/github.com/example/Demo@1.0.0"),
                pkg("SPDXRef-nio", "swift-nio", "2.62.0", "pkg:swift/github.com/apple/swift-nio@2.62.0", "Apache-2.0"),
                pkg("SPDXRef-snap", "swift-snapshot-testing", "1.17.0", "pkg:swift/github.com/pointfreeco/swift-snapshot-testing@1.17.0", "MIT")]
doc.packages[1].checksums = [Checksum(ChecksumAlgorithm.SHA256, "b"*64)]
doc.relationships = [Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, "SPDXRef-Demo"),
                     Relationship("SPDXRef-Demo", RelationshipType.DEPENDS_ON, "SPDXRef-nio"),
                     Relationship("SPDXRef-snap", RelationshipType.TEST_DEPENDENCY_OF, "SPDXRef-Demo"),
                     Relationship("SPDXRef-nio", RelationshipType.DEPENDS_ON, SpdxNone())]
write_file(doc, out + "/python-spdx.spdx.json", validate=True)
