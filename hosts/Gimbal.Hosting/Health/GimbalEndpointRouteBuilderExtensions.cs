using Gimbal.Hosting.Health;
using Gimbal.Hosting.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoints every Gimbal host serves: /healthz, /readyz and /metrics.</summary>
public static class GimbalEndpointRouteBuilderExtensions
{
    /// <summary>Maps the three endpoints; <paramref name="configure"/> can restrict them (e.g. to an admin port with RequireHost).</summary>
    public static IEndpointConventionBuilder MapGimbalHostEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/healthz", () => Results.Text("ok\n"));
        group.MapGet("/readyz", (GimbalReadiness readiness) => readiness.IsReady
            ? Results.Text("ready\n")
            : Results.Text($"not ready: waiting for {readiness.WaitingFor}\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        group.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType));
        return group;
    }
}
