import AigaqAccounts
import AigaqCore
import Foundation
import Hummingbird

/// The API's writes and internal reads: the review queue.
///
/// They need a signed-in caller with the role: an API token
/// (`Authorization: Bearer aigaq_…`, no CSRF: a browser never sends it on
/// its own) or a session cookie, whose writes must carry the session's CSRF
/// token in `X-CSRF-Token`. Answers are never cached.
struct WorkspaceAPI {
    let workspace: Workspace
    static let csrfHeader = Header.Name("X-CSRF-Token")!

    struct DecisionBody: Decodable {
        var newPerson: Bool?
        var person: String?
        var reason: String?
        enum CodingKeys: String, CodingKey { case newPerson = "new_person", person, reason }
    }

    struct CandidateDocument: Encodable {
        var candidate: Candidate
    }

    func add(to router: Router<WebContext>) {
        let ws = workspace
        router.get("/api/v1/candidates") { request, _ in
            _ = try await caller(request, .readInternal, write: false)
            let ctx = PageContext(request: request, language: .en)
            let state = try ctx.value("state").map { v -> Candidate.State in
                guard let s = Candidate.State(rawValue: v) else { throw WebError.badRequest("state must be pending, accepted, merged or rejected") }
                return s
            } ?? .pending
            let (after, limit) = try APIRoutes.paging(request)
            let all = try await ws.store.candidates(state: state, limit: 100_000)
            let start = after.flatMap { a in all.firstIndex { $0.id.rawValue == a }.map { $0 + 1 } } ?? 0
            let page = Array(all[min(start, all.count)...].prefix(limit))
            let next = start + limit < all.count ? page.last?.id.rawValue : nil
            return Self.json(APIRoutes.encode(Page(data: page, next: next)))
        }
        router.post("/api/v1/candidates/:id/:action") { request, context in
            let id = try context.parameters.require("id")
            let name = try context.parameters.require("action")
            guard let action = ReviewAction(rawValue: name) else { throw WebError.notFound("the action \(name)") }
            let caller = try await caller(request, .review, write: true)
            let body = try await request.body.collect(upTo: 65_536)
            let input: DecisionBody
            if body.readableBytes == 0 {
                input = DecisionBody()
            } else {
                do { input = try JSONDecoder().decode(DecisionBody.self, from: Data(buffer: body)) } catch {
                    throw WebError.badRequest("the body must be JSON such as {\"person\": \"p-…\", \"reason\": \"…\"}")
                }
            }
            let c = try await ReviewAction.perform(action, candidate: id,
                                                   input: .init(newPerson: input.newPerson ?? false, person: input.person, reason: input.reason),
                                                   actor: caller.principal.auditName, ws: ws)
            return Self.json(APIRoutes.encode(CandidateDocument(candidate: c)))
        }
    }

    /// The signed-in caller with `permission`; a cookie-authenticated write must send its CSRF token.
    private func caller(_ request: Request, _ permission: Permission, write: Bool) async throws -> Caller {
        guard let caller = try await workspace.caller(request) else { throw WebError(account: .notSignedIn) }
        do { try authorize(caller.principal, permission) } catch { throw WebError(account: error) }
        if write && !caller.byAPIToken && !CSRF.verify(request.headers[Self.csrfHeader], for: caller.sessionToken) { throw WebError.csrf() }
        return caller
    }

    static func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
