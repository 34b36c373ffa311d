"""Independent validation of SBOM documents written by seal (used by the SBOM tests).

Usage: validate.py SCHEMAS_DIR DOC... ; prints one line per problem and exits 1 if there is any.
CycloneDX: the JSON schema (jsonschema, Draft 7, the committed schema files), cyclonedx-python-lib's
JsonStrictValidator, Bom.from_json().validate() (dangling refs, purls). SPDX 2.3: the JSON schema and spdx-tools'
parse + validate_full_spdx_document. Both: duplicate ids, dangling dependency refs, purls that packageurl-python
cannot parse or that are not canonical, components without a dependency entry.
"""
import json, sys, pathlib
import jsonschema, referencing
from packageurl import PackageURL

schemas = pathlib.Path(sys.argv[1])
problems = []

def check_purl(where, purl):
    try:
        parsed = PackageURL.from_string(purl)
    except Exception as e:
        problems.append(f"{where}: unparsable purl {purl}: {e}"); return
    if parsed.to_string() != purl:
        problems.append(f"{where}: purl {purl} is not canonical ({parsed.to_string()})")
    if parsed.type == "swift" and not parsed.namespace:
        problems.append(f"{where}: swift purl without namespace {purl}")

def cyclonedx(path, doc, text):
    version = doc["specVersion"]
    resources = [(json.loads((schemas / n).read_text())["$id"], referencing.Resource.from_contents(json.loads((schemas / n).read_text())))
                 for n in (f"bom-{version}.schema.json", "spdx.schema.json", "jsf-0.82.schema.json")]
    registry = referencing.Registry().with_resources(resources)
    schema = json.loads((schemas / f"bom-{version}.schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    for e in validator.iter_errors(doc):
        problems.append(f"{path}: schema: {e.message} at {list(e.absolute_path)}")
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    errors = JsonStrictValidator(SchemaVersion.from_version(version)).validate_str(text, all_errors=True)
    for e in errors or []:
        problems.append(f"{path}: cyclonedx-python-lib: {e.data.message}")
    from cyclonedx.model.bom import Bom
    try:
        Bom.from_json(doc).validate()
    except Exception as e:
        problems.append(f"{path}: Bom.validate: {e!r}")
    refs = []
    def walk(c):
        refs.append(c["bom-ref"])
        if "purl" in c: check_purl(f"{path}: {c['bom-ref']}", c["purl"])
        for child in c.get("components", []): walk(child)
    if "component" in doc.get("metadata", {}): walk(doc["metadata"]["component"])
    for c in doc.get("components", []): walk(c)
    dupes = {r for r in refs if refs.count(r) > 1}
    if dupes: problems.append(f"{path}: duplicate bom-refs {sorted(dupes)}")
    deps = doc.get("dependencies", [])
    dep_refs = [d["ref"] for d in deps]
    if len(dep_refs) != len(set(dep_refs)): problems.append(f"{path}: a ref listed twice in dependencies")
    known = set(refs)
    for d in deps:
        for t in [d["ref"]] + d.get("dependsOn", []):
            if t not in known: problems.append(f"{path}: dangling dependency ref {t}")
    for r in refs:
        if r not in dep_refs: problems.append(f"{path}: component {r} has no dependencies entry")

def spdx(path, doc):
    schema = json.loads((schemas / "spdx-schema.json").read_text())
    for e in jsonschema.Draft7Validator(schema).iter_errors(doc):
        problems.append(f"{path}: schema: {e.message} at {list(e.absolute_path)}")
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
    try:
        parsed = parse_file(str(path))
        for m in validate_full_spdx_document(parsed, spdx_version="SPDX-2.3"):
            problems.append(f"{path}: spdx-tools: {m.validation_message}")
    except Exception as e:
        problems.append(f"{path}: spdx-tools parse: {e!r}")
    ids = [p["SPDXID"] for p in doc.get("packages", [])]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes: problems.append(f"{path}: duplicate SPDXIDs {sorted(dupes)}")
    known = set(ids) | {"SPDXRef-DOCUMENT", "NONE", "NOASSERTION"}
    for r in doc.get("relationships", []):
        for t in (r["spdxElementId"], r["relatedSpdxElement"]):
            if t not in known: problems.append(f"{path}: dangling relationship id {t}")
    with_edges = {r["spdxElementId"] for r in doc.get("relationships", []) if r["relationshipType"] == "DEPENDS_ON"}
    with_edges |= {r["relatedSpdxElement"] for r in doc.get("relationships", []) if r["relationshipType"].endswith("DEPENDENCY_OF")}
    for p in doc.get("packages", []):
        for ref in p.get("externalRefs", []):
            if ref["referenceType"] == "purl": check_purl(f"{path}: {p['SPDXID']}", ref["referenceLocator"])
        if p["SPDXID"] not in with_edges: problems.append(f"{path}: package {p['SPDXID']} has no DEPENDS_ON entry")

for name in sys.argv[2:]:
    path = pathlib.Path(name)
    text = path.read_text()
    doc = json.loads(text)
    if "bomFormat" in doc: cyclonedx(path, doc, text)
    elif "spdxVersion" in doc: spdx(path, doc)
    else: problems.append(f"{path}: neither CycloneDX nor SPDX")
for p in problems: print(p)
sys.exit(1 if problems else 0)
