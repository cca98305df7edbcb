using System.Net;

namespace Gimbal.Discovery.OpenStack.Api;

/// <summary>An OpenStack API call that failed: the HTTP status (null when no answer came) and the service's message.</summary>
public sealed class OpenStackApiException : Exception
{
    /// <summary>A failed call described by <paramref name="message"/>.</summary>
    /// <param name="message">What failed, naming the call.</param>
    /// <param name="statusCode">The HTTP status of the answer; null when none came.</param>
    /// <param name="innerException">The underlying error, e.g. an <see cref="HttpRequestException"/>.</param>
    public OpenStackApiException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>A failed call with no details.</summary>
    public OpenStackApiException()
    {
    }

    /// <summary>A failed call described by <paramref name="message"/>, with no HTTP status.</summary>
    /// <param name="message">What failed, naming the call.</param>
    public OpenStackApiException(string message)
        : base(message)
    {
    }

    /// <summary>A failed call described by <paramref name="message"/>, caused by <paramref name="innerException"/>, with no HTTP status.</summary>
    /// <param name="message">What failed, naming the call.</param>
    /// <param name="innerException">The underlying error.</param>
    public OpenStackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status the service answered; null when no answer came (network error, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }
}
