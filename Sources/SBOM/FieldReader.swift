import JSON

/// Typed access to fields of a parsed JSON document, with errors naming the file and the field path.
struct FieldReader {
    let file: String
    let code: SBOMError.Code

    func failure(_ path: String, _ what: String) -> SBOMError {
        SBOMError(code, path.isEmpty ? "\(file): \(what)" : "\(file): field \"\(path)\": \(what)")
    }

    private func join(_ at: String, _ key: String) -> String { at.isEmpty ? key : "\(at).\(key)" }

    func value(_ json: JSONValue, _ key: String, at: String) throws(SBOMError) -> JSONValue {
        guard case .object = json else { throw failure(at, "expected an object, found \(json.kindName)") }
        guard let value = json[key] else { throw failure(join(at, key), "missing") }
        return value
    }

    func string(_ json: JSONValue, _ key: String, at: String) throws(SBOMError) -> String {
        let v = try value(json, key, at: at)
        guard case .string(let s) = v else { throw failure(join(at, key), "expected a string, found \(v.kindName)") }
        return s
    }

    func optionalString(_ json: JSONValue, _ key: String, at: String) throws(SBOMError) -> String? {
        guard case .object = json else { throw failure(at, "expected an object, found \(json.kindName)") }
        guard let v = json[key], !v.isNull else { return nil }
        guard case .string(let s) = v else { throw failure(join(at, key), "expected a string, found \(v.kindName)") }
        return s
    }

    func int(_ json: JSONValue, _ key: String, at: String) throws(SBOMError) -> Int {
        let v = try value(json, key, at: at)
        guard let n = v.intValue else { throw failure(join(at, key), "expected an integer, found \(v.kindName)") }
        return n
    }

    func object(_ json: JSONValue, _ key: String, at: String) throws(SBOMError) -> JSONValue {
        let v = try value(json, key, at: at)
        guard case .object = v else { throw failure(join(at, key), "expected an object, found \(v.kindName)") }
        return v
    }

    func array(_ json: JSONValue, _ key: String, at: String) throws(SBOMError) -> [JSONValue] {
        let v = try value(json, key, at: at)
        guard case .array(let a) = v else { throw failure(join(at, key), "expected an array, found \(v.kindName)") }
        return a
    }

    func optionalArray(_ json: JSONValue, _ key: String, at: String) throws(SBOMError) -> [JSONValue] {
        guard let v = json[key], !v.isNull else { return [] }
        guard case .array(let a) = v else { throw failure(join(at, key), "expected an array, found \(v.kindName)") }
        return a
    }
}
