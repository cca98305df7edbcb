namespace Gimbal.Discovery.OpenStack.Api;

/// <summary>Where API call durations go (gimbal_discoverer_api_latency_milliseconds, by API path).</summary>
public interface IApiLatencyRecorder
{
    void Record(string apiPath, TimeSpan elapsed);
}
