import Foundation
import Hummingbird

/// Every response leaves through here: errors become pages (HTML) or the
/// API's JSON error shape, and the security headers are set on all of them.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let web: Web

    /// No inline scripts or styles anywhere: scripts and styles only from this
    /// site, nothing framed, forms only to this site.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if let length = request.headers[.contentLength].flatMap(Int.init), length > web.configuration.maxUploadBytes {
            response = errorResponse(WebError(status: .contentTooLarge, code: "too_large",
                                              message: "the upload is larger than \(web.configuration.maxUploadBytes / 1_048_576) MiB"), request)
        } else {
            do {
                response = try await next(request, context)
            } catch {
                let e = WebError(error)
                if e.status == .internalServerError { context.logger.error("\(request.method) \(request.uri.path): \(String(reflecting: error))") }
                response = errorResponse(e, request)
            }
        }
        secure(&response, request)
        return response
    }

    private func secure(_ response: inout Response, _ request: Request) {
        var h = response.headers
        h[.contentSecurityPolicy] = Self.contentSecurityPolicy
        h[Header.xFrameOptions] = "DENY"
        h[.xContentTypeOptions] = "nosniff"
        h[Header.referrerPolicy] = "same-origin"
        h[Header.crossOriginOpenerPolicy] = "same-origin"
        h[Header.permissionsPolicy] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if web.configuration.behindTLS || request.headers[Header.xForwardedProto]?.lowercased() == "https" {
            h[.strictTransportSecurity] = "max-age=63072000; includeSubDomains"
        }
        let path = request.uri.path
        // Private answers are never stored: the workspace, logins, and anything asked with a credential.
        if path == "/workspace" || path.hasPrefix("/workspace/") || path == "/login" || path.hasPrefix("/login/") || path == "/logout"
            || path.hasPrefix("/api/v1/candidates") || request.headers[.authorization] != nil {
            h[.cacheControl] = "no-store"
        }
        response.headers = h
    }

    private func errorResponse(_ error: WebError, _ request: Request) -> Response {
        if request.uri.path.hasPrefix("/api/") {
            return APIRoutes.errorResponse(error)
        }
        let language = PublicRoutes.language(request)
        let page = ErrorPage.render(error, speaker: web.speaker(language), context: PageContext(request: request, language: language))
        return Response(status: error.status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: page)))
    }
}

/// Header names that HTTPTypes does not name.
enum Header {
    typealias Name = HTTPFields.Element.Name
    static let xFrameOptions = Name("X-Frame-Options")!
    static let referrerPolicy = Name("Referrer-Policy")!
    static let crossOriginOpenerPolicy = Name("Cross-Origin-Opener-Policy")!
    static let permissionsPolicy = Name("Permissions-Policy")!
    static let xForwardedProto = Name("X-Forwarded-Proto")!
}
