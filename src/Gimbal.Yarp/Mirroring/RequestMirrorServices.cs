using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gimbal.Yarp.Mirroring;

/// <summary>Request mirroring's services, registered by <c>AddGimbalYarp</c>.</summary>
internal static class RequestMirrorServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddOptions<RequestMirrorOptions>()
            .Validate(o => o.MaxBodyBytes >= 0, "MaxBodyBytes must not be negative.")
            .Validate(o => o.MaxInFlight > 0, "MaxInFlight must be positive.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Timeout must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<RequestMirrorMetrics>();
        services.TryAddSingleton<RequestMirrorSender>();
    }
}
