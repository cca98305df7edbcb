using Gimbal.Core.Compilation;
using Gimbal.Core.Diagnostics;
using Gimbal.Hosting.Health;
using Gimbal.Hosting.Sources;
using Gimbal.Hosting.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gimbal.Hosting.Routing;

/// <summary>
/// The host's one loop: every snapshot from the source is compiled and handed to every sink.
/// Diagnostics are logged when they first appear, so an unchanged bad object does not repeat on
/// every change elsewhere. Status goes back to the cluster after the data planes have the new table.
/// </summary>
public sealed partial class RouteTableFeed(
    ResourceSourceFactory sources,
    RouteCompiler compiler,
    IEnumerable<IRouteTableSink> sinks,
    GimbalReadiness readiness,
    StatusFeedback status,
    ILogger<RouteTableFeed> logger) : BackgroundService
{
    private HashSet<Diagnostic> _reported = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var source = sources.Create();
        LogWatching(source.Description);
        await foreach (var snapshot in source.WatchAsync(stoppingToken))
        {
            var result = compiler.Compile(snapshot);
            Report(result);
            foreach (var sink in sinks)
            {
                sink.Apply(result);
            }

            readiness.MarkReady();
            LogCompiled(result.Routes.VirtualHosts.Count, result.Routes.Clusters.Count, result.Diagnostics.Count);
            await status.WriteAsync(source, snapshot, result, stoppingToken);
        }
    }

    private void Report(CompileResult result)
    {
        var current = result.Diagnostics.ToHashSet();
        foreach (var diagnostic in result.Diagnostics)
        {
            if (_reported.Contains(diagnostic))
            {
                continue;
            }

            var level = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => LogLevel.Error,
                DiagnosticSeverity.Warning => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            LogDiagnostic(level, diagnostic.Object.ToString(), diagnostic.Field, diagnostic.Message, diagnostic.Code);
        }

        _reported = current;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Source}")]
    private partial void LogWatching(string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compiled {Hosts} virtual hosts, {Clusters} clusters, {Diagnostics} diagnostics")]
    private partial void LogCompiled(int hosts, int clusters, int diagnostics);

    [LoggerMessage(Message = "{Object}: {Field}: {Message} ({Code})")]
    private partial void LogDiagnostic(LogLevel level, string @object, string field, string message, string code);
}
