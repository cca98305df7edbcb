namespace Gimbal.Yarp.Mirroring;

/// <summary>Limits of request mirroring (a route's mirror clusters get a copy of its requests).</summary>
public sealed class RequestMirrorOptions
{
    /// <summary>
    /// Requests with a body are mirrored only when it has a Content-Length of at most this many
    /// bytes: such a body is read into memory before the primary request is forwarded and then
    /// replayed to both. Larger or chunked bodies are not mirrored (counted as "skipped_body").
    /// </summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Mirror requests in flight beyond this are dropped (counted as "dropped"), so a slow mirror never piles up work.</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>How long a mirror request may take when its route has no request timeout (Envoy's default route timeout).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
