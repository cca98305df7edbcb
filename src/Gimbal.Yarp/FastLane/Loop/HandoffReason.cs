namespace Gimbal.Yarp.FastLane.Loop;

/// <summary>Why the fast lane gave a connection to Kestrel and YARP; the value of the handoff metric's "reason" tag.</summary>
internal enum HandoffReason
{
    /// <summary>Not a handoff.</summary>
    None,

    /// <summary>A method other than GET or HEAD.</summary>
    Method,

    /// <summary>The request has a body (Content-Length above 0 or Transfer-Encoding).</summary>
    Body,

    /// <summary>Not HTTP/1.1 (HTTP/1.0, or the HTTP/2 preface).</summary>
    Version,

    /// <summary>Upgrade or Expect.</summary>
    Upgrade,

    /// <summary>A request target that is not a plain origin-form path (percent-encoding, dot segments, absolute form).</summary>
    Target,

    /// <summary>A head the fast lane does not parse: too large, malformed, no or several Host headers.</summary>
    Headers,

    /// <summary>No route, or a route with features only the full pipeline has.</summary>
    Route,

    /// <summary>
    /// No destination the fast lane can serve: an unknown cluster, none available, not an IP address, or a cluster
    /// the fast lane does not serve (HTTP/2 or TLS, circuit breakers, LeastRequest, PowerOfTwoChoices or RingHash).
    /// </summary>
    Destination,

    /// <summary>The upstream failed before the response started.</summary>
    Upstream,

    /// <summary>An upstream response the fast lane does not relay (1xx, HTTP/1.0, a body delimited by close).</summary>
    Response,
}

internal static class HandoffReasonNames
{
    public static string Of(HandoffReason reason) => reason switch
    {
        HandoffReason.Method => "method",
        HandoffReason.Body => "body",
        HandoffReason.Version => "version",
        HandoffReason.Upgrade => "upgrade",
        HandoffReason.Target => "target",
        HandoffReason.Headers => "headers",
        HandoffReason.Route => "route",
        HandoffReason.Destination => "destination",
        HandoffReason.Upstream => "upstream",
        HandoffReason.Response => "response",
        _ => "none",
    };
}
