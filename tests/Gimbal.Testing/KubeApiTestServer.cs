using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Gimbal.Core.Kubernetes;
using Gimbal.Testing.Faults;
using Gimbal.Testing.Http;
using Gimbal.Testing.Resources;
using Gimbal.Testing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gimbal.Testing;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 with a random port, speaking the REST and watch protocol
/// for Services, Endpoints, Secrets, Namespaces, Nodes, EndpointSlices, Ingresses, IngressClasses and
/// registered custom resources. Tests seed and read objects directly, and inject faults.
/// </summary>
public sealed class KubeApiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly KubeApiTestServerOptions _options;

    private KubeApiTestServer(WebApplication app, ObjectStore store, ResourceCatalog catalog, FaultInjector faults, RequestLog requests, KubeApiTestServerOptions options, Uri url)
    {
        _app = app;
        _store = store;
        Catalog = catalog;
        Faults = faults;
        Requests = requests;
        _options = options;
        Url = url;
    }

    /// <summary>The base address, e.g. https://127.0.0.1:41234/.</summary>
    public Uri Url { get; }

    public FaultInjector Faults { get; }

    public RequestLog Requests { get; }

    public ResourceCatalog Catalog { get; }

    /// <summary>The current global resourceVersion.</summary>
    public long ResourceVersion => _store.Revision;

    public static async Task<KubeApiTestServer> StartAsync(KubeApiTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubeApiTestServerOptions();
        var catalog = new ResourceCatalog();
        foreach (var custom in options.CustomResources)
        {
            catalog.Add(custom);
        }

        var store = new ObjectStore(options.Clock, options.HistoryLimit);
        var faults = new FaultInjector(abort => store.CloseAllWatches(abort), store.Compact);
        var requests = new RequestLog();
        var handler = new ApiRequestHandler(store, catalog, faults, options, requests);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (options.ServerCertificate is null)
                {
                    listen.Protocols = HttpProtocols.Http1;
                    return;
                }

                listen.Protocols = HttpProtocols.Http1AndHttp2;
                var certificate = options.ServerCertificate;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    // A selector rather than a fixed certificate, to record the SNI name each client sent.
                    ServerCertificateSelector = (_, name) =>
                    {
                        requests.RecordServerName(name);
                        return certificate;
                    },
                    ClientCertificateMode = options.ClientCertificateAuthority is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, options.ClientCertificateAuthority),
                });
            });
        });

        var app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");

        foreach (var ns in options.Namespaces)
        {
            store.Create(ResourceCatalog.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        return new KubeApiTestServer(app, store, catalog, faults, requests, options, url);
    }

    /// <summary>Stores an object as a client's create would (validation, defaults, events), and returns the stored form.</summary>
    public T Create<T>(T obj)
        where T : KubernetesObject
    {
        var (resource, node) = ToNode(obj);
        return FromStored<T>(_store.Create(resource, node["metadata"]?["namespace"]?.GetValue<string>(), node));
    }

    /// <summary>Replaces an object unconditionally when its resourceVersion is empty.</summary>
    public T Replace<T>(T obj)
        where T : KubernetesObject
    {
        var (resource, node) = ToNode(obj);
        var ns = node["metadata"]?["namespace"]?.GetValue<string>();
        var name = node["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
        if (string.IsNullOrEmpty(obj.Metadata.ResourceVersion) && _store.Find(resource, ns ?? string.Empty, name) is { } current)
        {
            ((JsonObject)node["metadata"]!)["resourceVersion"] = current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return FromStored<T>(_store.Replace(resource, ns, name, node, status: false));
    }

    /// <summary>Creates the object, or replaces what is stored under its name.</summary>
    public T Upsert<T>(T obj)
        where T : KubernetesObject
    {
        var (resource, _) = ToNode(obj);
        return _store.Find(resource, obj.Metadata.Namespace ?? string.Empty, obj.Metadata.Name ?? string.Empty) is null ? Create(obj) : Replace(obj);
    }

    public T? Get<T>(string? ns, string name)
        where T : KubernetesObject, new()
    {
        var stored = _store.Find(ResourceOf<T>(), ns ?? string.Empty, name);
        return stored is null ? null : FromStored<T>(stored);
    }

    public IReadOnlyList<T> List<T>(string? ns = null)
        where T : KubernetesObject, new() =>
        ListJson(ResourceOf<T>(), ns).Select(n => KubernetesJson.Deserialize<T>(n.ToJsonString())!).ToList();

    /// <summary>Deletes an object; false when there was none.</summary>
    public bool Delete<T>(string? ns, string name)
        where T : KubernetesObject, new() => Delete(ResourceOf<T>(), ns, name);

    public bool Delete(ApiResource resource, string? ns, string name)
    {
        if (_store.Find(resource, resource.Namespaced ? ns ?? string.Empty : string.Empty, name) is null)
        {
            return false;
        }

        _store.Delete(resource, ns, name, null, null);
        return true;
    }

    public void CreateNamespace(string name)
    {
        if (_store.Find(ResourceCatalog.Namespaces, string.Empty, name) is null)
        {
            _store.Create(ResourceCatalog.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        }
    }

    /// <summary>Stores an object of any served resource (custom resources included) given as JSON.</summary>
    public JsonObject CreateJson(ApiResource resource, JsonObject obj) =>
        JsonNode.Parse(_store.Create(resource, obj["metadata"]?["namespace"]?.GetValue<string>(), (JsonObject)obj.DeepClone()).FullJson())!.AsObject();

    public IReadOnlyList<JsonObject> ListJson(ApiResource resource, string? ns = null) =>
        _store.List(resource, ns, Selectors.LabelSelector.Everything, Selectors.FieldSelector.Everything, 0, null).Items
            .Select(o => JsonNode.Parse(o.FullJson())!.AsObject()).ToList();

    /// <summary>Writes a kubeconfig for this server with one cluster, user and context named "test".</summary>
    public void WriteKubeconfig(string path, string? token = null, X509Certificate2? clientCertificate = null, X509Certificate2? certificateAuthority = null)
    {
        token ??= _options.BearerTokens.FirstOrDefault();
        var yaml = new StringBuilder();
        yaml.AppendLine("apiVersion: v1").AppendLine("kind: Config").AppendLine("clusters:").AppendLine("- name: test").AppendLine("  cluster:");
        yaml.AppendLine($"    server: {Url.ToString().TrimEnd('/')}");
        var ca = certificateAuthority ?? _options.ServerCertificate;
        if (ca is not null && Url.Scheme == "https")
        {
            yaml.AppendLine($"    certificate-authority-data: {Base64(ca.ExportCertificatePem())}");
        }

        yaml.AppendLine("users:").AppendLine("- name: test").AppendLine("  user:");
        if (token is not null)
        {
            yaml.AppendLine($"    token: {token}");
        }

        if (clientCertificate is not null)
        {
            yaml.AppendLine($"    client-certificate-data: {Base64(clientCertificate.ExportCertificatePem())}");
            yaml.AppendLine($"    client-key-data: {Base64(ExportKeyPem(clientCertificate))}");
        }

        if (token is null && clientCertificate is null)
        {
            yaml.AppendLine("    {}");
        }

        yaml.AppendLine("contexts:").AppendLine("- name: test").AppendLine("  context:").AppendLine("    cluster: test").AppendLine("    user: test");
        yaml.AppendLine("current-context: test");
        File.WriteAllText(path, yaml.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        _store.CloseAllWatches(abort: false);
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));

    private static string ExportKeyPem(X509Certificate2 certificate) =>
        (System.Security.Cryptography.AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() is { } rsa ? ((System.Security.Cryptography.RSA)rsa).ExportPkcs8PrivateKeyPem()
        : certificate.GetECDsaPrivateKey()?.ExportPkcs8PrivateKeyPem() ?? throw new ArgumentException("the client certificate has no private key", nameof(certificate));

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2? authority)
    {
        if (authority is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private (ApiResource Resource, JsonObject Node) ToNode<T>(T obj)
        where T : KubernetesObject
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        var resource = Catalog.FindByKind((string?)node["apiVersion"] ?? string.Empty, (string?)node["kind"] ?? string.Empty)
            ?? throw new ArgumentException($"{obj.ApiVersion}/{obj.Kind} is not served by this test server", nameof(obj));
        return (resource, node);
    }

    private ApiResource ResourceOf<T>()
        where T : KubernetesObject, new()
    {
        var probe = new T();
        return Catalog.FindByKind(probe.ApiVersion ?? string.Empty, probe.Kind ?? string.Empty)
            ?? throw new ArgumentException($"{typeof(T).Name} is not served by this test server");
    }

    private static T FromStored<T>(StoredObject stored)
        where T : KubernetesObject => KubernetesJson.Deserialize<T>(stored.FullJson())!;
}
