using System.Net;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Kubernetes.Errors;

/// <summary>
/// A non-2xx answer from an API server, carrying its Status (reason, code, message, details).
/// Catch the subclasses for the cases callers handle: NotFound, AlreadyExists, Conflict, Gone, ...
/// </summary>
public class KubernetesApiException : Exception
{
    /// <summary>An answer with <paramref name="statusCode"/>; prefer <see cref="Create"/>, which picks the subclass for the code and reason.</summary>
    /// <param name="statusCode">The HTTP status code of the answer.</param>
    /// <param name="status">The Status body, when the server sent one.</param>
    /// <param name="retryAfter">The server's Retry-After, if any.</param>
    public KubernetesApiException(HttpStatusCode statusCode, ApiStatus? status, TimeSpan? retryAfter = null)
        : base(Describe(statusCode, status))
    {
        StatusCode = statusCode;
        Status = status;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Status body, when the server sent one.</summary>
    public ApiStatus? Status { get; }

    /// <summary>Status.reason, e.g. "AlreadyExists", "Conflict", "Expired".</summary>
    public string? Reason => Status?.Reason;

    /// <summary>The server's Retry-After (header or details.retryAfterSeconds).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The exception type for an answer: reason first (both 409s), then the HTTP code.</summary>
    public static KubernetesApiException Create(HttpStatusCode code, ApiStatus? status, TimeSpan? retryAfter) =>
        (int)code switch
        {
            409 when status?.Reason == "AlreadyExists" => new KubernetesAlreadyExistsException(status, retryAfter),
            409 => new KubernetesConflictException(status, retryAfter),
            404 => new KubernetesNotFoundException(status, retryAfter),
            410 => new KubernetesGoneException(status, retryAfter),
            403 => new KubernetesForbiddenException(status, retryAfter),
            401 => new KubernetesUnauthorizedException(status, retryAfter),
            422 => new KubernetesInvalidException(status, retryAfter),
            429 => new KubernetesTooManyRequestsException(status, retryAfter),
            400 => new KubernetesBadRequestException(status, retryAfter),
            >= 500 => new KubernetesServerErrorException(code, status, retryAfter),
            _ => new KubernetesApiException(code, status, retryAfter),
        };

    private static string Describe(HttpStatusCode code, ApiStatus? status) =>
        status?.Message is { Length: > 0 } message
            ? $"{(int)code} {status.Reason}: {message}"
            : $"the API server answered {(int)code} {code}";
}

/// <summary>404: the object (or its namespace) does not exist.</summary>
public sealed class KubernetesNotFoundException(ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(HttpStatusCode.NotFound, status, retryAfter);

/// <summary>409 AlreadyExists: a create found an object with the same name.</summary>
public sealed class KubernetesAlreadyExistsException(ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(HttpStatusCode.Conflict, status, retryAfter);

/// <summary>409 Conflict: a stale resourceVersion or a failed precondition.</summary>
public sealed class KubernetesConflictException(ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(HttpStatusCode.Conflict, status, retryAfter);

/// <summary>410 Gone (reason Expired): the resourceVersion or continue token is too old; re-list.</summary>
public sealed class KubernetesGoneException(ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(HttpStatusCode.Gone, status, retryAfter);

/// <summary>403: authenticated but not allowed (or anonymous).</summary>
public sealed class KubernetesForbiddenException(ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(HttpStatusCode.Forbidden, status, retryAfter);

/// <summary>401: the credentials were refused.</summary>
public sealed class KubernetesUnauthorizedException(ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(HttpStatusCode.Unauthorized, status, retryAfter);

/// <summary>422 Invalid: validation failed; <see cref="KubernetesApiException.Status"/> details.causes name the fields.</summary>
public sealed class KubernetesInvalidException(ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(HttpStatusCode.UnprocessableEntity, status, retryAfter);

/// <summary>429: throttled, after the client's own retries honouring Retry-After ran out.</summary>
public sealed class KubernetesTooManyRequestsException(ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(HttpStatusCode.TooManyRequests, status, retryAfter);

/// <summary>400: a malformed request (bad selector, bad continue token, namespace mismatch, ...).</summary>
public sealed class KubernetesBadRequestException(ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(HttpStatusCode.BadRequest, status, retryAfter);

/// <summary>5xx: the server failed.</summary>
public sealed class KubernetesServerErrorException(HttpStatusCode code, ApiStatus? status, TimeSpan? retryAfter = null)
    : KubernetesApiException(code, status, retryAfter);
