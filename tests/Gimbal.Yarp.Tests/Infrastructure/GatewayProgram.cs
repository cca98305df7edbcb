using System.Net;
using Gimbal.Gateway;
using Microsoft.Extensions.Logging;

namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>
/// The gateway program serving a temporary folder of manifests on loopback ports, with a client that does not follow
/// redirects; disposing stops it and deletes the folder.
/// </summary>
public sealed class GatewayProgram : IAsyncDisposable
{
    private GatewayProgram(string folder, GatewayApplication app)
    {
        Folder = folder;
        App = app;
    }

    /// <summary>The watched manifests folder.</summary>
    public string Folder { get; }

    public GatewayApplication App { get; }

    public HttpClient Client { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Writes <paramref name="manifests"/> as <paramref name="file"/> in a new folder and starts the gateway on it.</summary>
    public static async Task<GatewayProgram> StartAsync(string file, string manifests, int? httpsRedirectPort = null, bool inlineIo = false, bool fastLane = true)
    {
        var folder = Directory.CreateTempSubdirectory("gimbal-gateway-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, file), manifests);
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        var app = GatewayApplication.Build(
            new GatewayOptions { Manifests = folder, Http = loopback, Https = loopback, Admin = loopback, HttpsRedirectPort = httpsRedirectPort, InlineIo = inlineIo, FastLane = fastLane },
            logging => logging.ClearProviders());
        await app.StartAsync();
        return new GatewayProgram(folder, app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
