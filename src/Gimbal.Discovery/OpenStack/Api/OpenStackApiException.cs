using System.Net;

namespace Gimbal.Discovery.OpenStack.Api;

/// <summary>An OpenStack API call that failed: the HTTP status (null when no answer came) and the service's message.</summary>
public sealed class OpenStackApiException : Exception
{
    public OpenStackApiException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    public OpenStackApiException()
    {
    }

    public OpenStackApiException(string message)
        : base(message)
    {
    }

    public OpenStackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode? StatusCode { get; }
}
