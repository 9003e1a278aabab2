import Foundation

/// The API's OpenAPI 3 document, written by hand next to the routes; a test
/// checks that its paths and the router's `/api/v1` routes are the same set.
enum OpenAPIDocument {
    static let json: [UInt8] = {
        func op(_ summary: String, _ params: [[String: Any]] = [], _ schema: String) -> [String: Any] {
            [
                "get": [
                    "summary": summary,
                    "parameters": params,
                    "responses": [
                        "200": ["description": "OK", "headers": ["ETag": ["schema": ["type": "string"]]],
                                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]],
                        "304": ["description": "Not modified (If-None-Match matched the ETag)"],
                        "400": ["$ref": "#/components/responses/Error"],
                        "404": ["$ref": "#/components/responses/Error"],
                    ] as [String: Any],
                ] as [String: Any],
            ]
        }
        func query(_ name: String, _ description: String, _ type: String = "string") -> [String: Any] {
            ["name": name, "in": "query", "required": false, "description": description, "schema": ["type": type]]
        }
        /// An operation that needs a signed-in caller.
        func signedIn(_ operation: [String: Any]) -> [String: Any] {
            var o = operation
            if var get = o["get"] as? [String: Any] {
                get["security"] = [["bearer": []], ["session": []]]
                var responses = get["responses"] as? [String: Any] ?? [:]
                responses["401"] = ["$ref": "#/components/responses/Error"]
                responses["403"] = ["$ref": "#/components/responses/Error"]
                get["responses"] = responses
                o["get"] = get
            }
            return o
        }
        func path(_ name: String) -> [String: Any] { ["name": name, "in": "path", "required": true, "schema": ["type": "string"]] }
        let paging = [query("after", "Cursor: the `next` value of the previous page"),
                      query("limit", "Items per page, 1 to 500 (default 100)", "integer")]
        let object: [String: Any] = ["type": "object", "additionalProperties": true]
        func page(_ item: [String: Any]) -> [String: Any] {
            ["type": "object", "required": ["data", "next"],
             "properties": ["data": ["type": "array", "items": item], "next": ["type": "string", "nullable": true]]]
        }
        let doc: [String: Any] = [
            "openapi": "3.0.3",
            "info": [
                "title": "Aigaq public API",
                "version": "1.0.0",
                "description": "Public data of the knowledge base: only what the public projection lets through. No login is needed to read. The review queue's endpoints need a signed-in caller with a role.",
            ],
            "paths": [
                "/api/v1": op("Index of the endpoints", [], "Object"),
                "/api/v1/openapi.json": op("This document", [], "Object"),
                "/api/v1/persons": op("Public persons, by id", paging, "PersonPage"),
                "/api/v1/persons/{id}": op("One person with cases, events, assessments and cited sources", [path("id")], "PersonDocument"),
                "/api/v1/lists": op("Public lists", [], "ObjectPage"),
                "/api/v1/lists/{id}": op("A list as of its latest snapshot (or the end of `year`), filtered like /prisoners",
                                         [path("id"), query("year", "As of the end of this year", "integer"),
                                          query("status", "A status id"), query("article", "174 or KZ-CC-2014:174"),
                                          query("region", "A region"), query("sort", "number, name, sentence or region"),
                                          query("after", "Offset cursor: the `next` value of the previous page"),
                                          query("limit", "Rows per page, 1 to 500 (default 100)", "integer")], "ListDocument"),
                "/api/v1/events": op("Public events, by id", paging, "ObjectPage"),
                "/api/v1/sources": op("Public sources, by id (without their text)", paging, "ObjectPage"),
                "/api/v1/sources/{id}": op("One source", [path("id")], "Object"),
                "/api/v1/search": op("Search names (any script or spelling), events and sources",
                                     [["name": "q", "in": "query", "required": true, "schema": ["type": "string", "maxLength": 200]],
                                      query("limit", "Most hits per kind", "integer")], "SearchPage"),
                "/api/v1/stats": op("Headline counts of a list", [query("list", "A list id (default: the most recent)")], "Stats"),
                // The review queue: signed in (a token, or a session whose writes send X-CSRF-Token).
                "/api/v1/candidates": signedIn(op("The review queue (read-internal): candidates in a state, paged",
                                                  [query("state", "pending (default), accepted, merged or rejected")] + paging, "ObjectPage")),
                "/api/v1/candidates/{id}/{action}": [
                    "post": [
                        "summary": "A decision on a candidate (review): accept, reject, merge, not-same or undo",
                        "security": [["bearer": []], ["session": []]],
                        "parameters": [path("id"), ["name": "action", "in": "path", "required": true,
                                                    "schema": ["type": "string", "enum": ["accept", "reject", "merge", "not-same", "undo"]]],
                                       ["name": "X-CSRF-Token", "in": "header", "required": false,
                                        "description": "The session's CSRF token; needed with a session cookie, not with a bearer token",
                                        "schema": ["type": "string"]]],
                        "requestBody": ["required": false, "content": ["application/json": ["schema": [
                            "type": "object",
                            "properties": ["new_person": ["type": "boolean"], "person": ["type": "string"], "reason": ["type": "string"]],
                        ] as [String: Any]]]],
                        "responses": [
                            "200": ["description": "The candidate after the decision",
                                    "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Object"]]]],
                            "400": ["$ref": "#/components/responses/Error"], "401": ["$ref": "#/components/responses/Error"],
                            "403": ["$ref": "#/components/responses/Error"], "404": ["$ref": "#/components/responses/Error"],
                        ] as [String: Any],
                    ] as [String: Any],
                ],
            ] as [String: Any],
            "components": [
                "schemas": [
                    "Object": object,
                    "ObjectPage": page(object),
                    "PersonPage": page(["$ref": "#/components/schemas/Person"]),
                    "Person": ["type": "object", "required": ["id", "names"], "additionalProperties": true,
                               "properties": ["id": ["type": "string"], "names": ["type": "array", "items": object]]],
                    "PersonDocument": ["type": "object", "required": ["person", "cases", "events", "assessments", "sources"],
                                       "properties": ["person": ["$ref": "#/components/schemas/Person"],
                                                      "cases": ["type": "array", "items": object],
                                                      "events": ["type": "array", "items": object],
                                                      "assessments": ["type": "array", "items": object],
                                                      "sources": ["type": "array", "items": object]]],
                    "ListDocument": ["type": "object", "required": ["list", "snapshot", "as_of", "total", "data", "next"],
                                     "properties": ["list": object, "snapshot": ["type": "string"], "as_of": ["type": "string"],
                                                    "total": ["type": "integer"], "data": ["type": "array", "items": object],
                                                    "next": ["type": "string", "nullable": true]]],
                    "SearchPage": page(["type": "object", "required": ["kind", "id", "title"],
                                        "properties": ["kind": ["type": "string", "enum": ["person", "event", "source"]],
                                                       "id": ["type": "string"], "title": ["type": "string"],
                                                       "detail": ["type": "string"], "person": ["type": "string"]]]),
                    "Stats": ["type": "object", "required": ["political_prisoners", "by_status", "persecuted_persons"],
                              "properties": ["as_of": ["type": "string"], "list": ["type": "string"],
                                             "political_prisoners": ["type": "integer"],
                                             "by_status": ["type": "object", "additionalProperties": ["type": "integer"]],
                                             "persecuted_persons": ["type": "integer"]]],
                    "Error": ["type": "object", "required": ["error"],
                              "properties": ["error": ["type": "object", "required": ["status", "code", "message"],
                                                       "properties": ["status": ["type": "integer"], "code": ["type": "string"],
                                                                      "message": ["type": "string"]]]]],
                ] as [String: Any],
                "responses": [
                    "Error": ["description": "An error, in the one shape every error has",
                              "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]],
                ],
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "An API token (aigaq_…) with a role"],
                    "session": ["type": "apiKey", "in": "cookie", "name": "aigaq_session",
                                "description": "A browser session; writes also send X-CSRF-Token"],
                ],
            ] as [String: Any],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Array(data)
    }()
}
