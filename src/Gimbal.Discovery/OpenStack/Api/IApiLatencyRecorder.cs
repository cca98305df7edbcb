namespace Gimbal.Discovery.OpenStack.Api;

/// <summary>Where API call durations go (gimbal_discoverer_api_latency_milliseconds, by API path).</summary>
public interface IApiLatencyRecorder
{
    /// <summary>Records one call; must be thread-safe.</summary>
    /// <param name="apiPath">The templated API path, e.g. "/v2/lbaas/loadbalancers", never one with IDs in it.</param>
    /// <param name="elapsed">How long the call took.</param>
    void Record(string apiPath, TimeSpan elapsed);
}
