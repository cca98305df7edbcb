using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gimbal.Xds.Tests.Infrastructure;

/// <summary>Keeps every log entry of a test server, and lets a test wait for entries to arrive.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly SemaphoreSlim _arrived = new(0);

    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Waits until <paramref name="condition"/> holds over the entries; false after 30 s.</summary>
    public async Task<bool> WaitForAsync(Func<IReadOnlyCollection<(string Category, LogLevel Level, string Message)>, bool> condition)
    {
        var deadline = DateTime.UtcNow + GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.Timeout;
        while (!condition(Entries))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                return condition(Entries);
            }
        }

        return true;
    }

    public void Dispose() => _arrived.Dispose();

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception)));
            owner._arrived.Release();
        }
    }
}
