using Gimbal.Core.Compilation.Backends;
using Gimbal.Core.Compilation.Classes;
using Gimbal.Core.Compilation.EndpointTables;
using Gimbal.Core.Compilation.Hosts;
using Gimbal.Core.Compilation.Proxies;
using Gimbal.Core.Compilation.Tls;
using Gimbal.Core.Diagnostics;

namespace Gimbal.Core.Compilation;

/// <summary>
/// Compiles a <see cref="ResourceSnapshot"/> into a route table, an endpoint table and diagnostics.
/// Deterministic: the same objects, in any order, give equal results. Never throws on user input.
/// One instance may be reused across compiles (it remembers which certificates it already checked).
/// </summary>
public sealed class RouteCompiler
{
    /// <summary>The diagnostic code given to an object the compiler failed on (a Gimbal bug, not user input); only that object is lost.</summary>
    public const string InternalErrorCode = "InternalError";

    private readonly CompilerOptions _options;
    private readonly CertificateValidator _certificates;

    // The last full compile's index: an endpoint-only update against a snapshot that shares its
    // Service and EndpointSlice lists looks objects up instead of scanning. Replaced, never mutated.
    private volatile SnapshotIndex? _lastIndex;

    /// <summary>A compiler with <see cref="CompilerOptions.Default"/>.</summary>
    public RouteCompiler()
        : this(CompilerOptions.Default)
    {
    }

    /// <summary>A compiler with <paramref name="options"/>.</summary>
    /// <param name="options">Class, host policy, root namespaces and limits.</param>
    /// <param name="certificates">Remembers checked certificates; share one between compilers to share that work. Null creates one.</param>
    public RouteCompiler(CompilerOptions options, CertificateValidator? certificates = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _certificates = certificates ?? new CertificateValidator();
    }

    /// <summary>The options this compiler was created with.</summary>
    public CompilerOptions Options => _options;

    /// <summary>
    /// Compiles every Ingress and HTTPProxy of Gimbal's class in <paramref name="snapshot"/>. Pure and deterministic (object order
    /// does not matter); never throws on user input: problems become diagnostics, and one object's problems never remove another's routes.
    /// </summary>
    /// <param name="snapshot">The objects to compile.</param>
    public CompileResult Compile(ResourceSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var diagnostics = new DiagnosticBag();
        var index = SnapshotIndex.Build(snapshot);
        _lastIndex = index;
        var classes = new IngressClassFilter(_options, snapshot.IngressClasses);
        var entries = IngressEntry.Order(snapshot.Ingresses.Where(i => i is not null && classes.Accepts(i)));

        var translator = new IngressTranslator(_options, new BackendResolver(index, diagnostics), new TlsResolver(index, _certificates, diagnostics), diagnostics);
        foreach (var entry in entries)
        {
            try
            {
                translator.Translate(entry);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A compiler bug must cost one Ingress, never every team's routes.
                diagnostics.Error(entry.Ref, "", InternalErrorCode, $"Gimbal could not compile this Ingress ({e.GetType().Name}: {e.Message}); please report it");
            }
        }

        // HTTPProxies share the host-ownership rules with Ingresses: settle who owns each host first.
        var policy = new HostPolicy(_options.AllowedHosts);
        var proxies = new ProxyCompiler(_options, index, new TlsResolver(index, _certificates, diagnostics), snapshot, diagnostics);
        var (ingressClaims, proxyHosts) = SharedHostOwnership.Resolve(translator.Claims, proxies.Claims, policy, diagnostics);
        var proxyDrafts = proxies.Build(proxyHosts);
        _certificates.EndGeneration();
        var accepted = HostOwnership.Resolve(ingressClaims, policy, diagnostics);
        var routes = ProxyTableMerger.Merge(RouteTableAssembler.Assemble(translator.Routes, translator.Tls, accepted, diagnostics), proxyDrafts, diagnostics);
        var endpoints = EndpointTableBuilder.Build(routes.Clusters, index, diagnostics);
        return new CompileResult(routes, endpoints, diagnostics.ToSortedArray());
    }

    /// <summary>
    /// Applies an endpoint-only change: recomputes the endpoints of the clusters backed by
    /// <paramref name="changedServiceKeys"/> ("namespace/name"), finding their objects in
    /// <paramref name="snapshot"/>. The result shares <paramref name="previous"/>'s route table
    /// instance, so data planes see that routes, listeners and clusters did not change. Only valid
    /// when Services, Ingresses and Secrets are unchanged since <paramref name="previous"/> was compiled.
    /// </summary>
    public CompileResult UpdateEndpoints(CompileResult previous, ResourceSnapshot snapshot, IEnumerable<string> changedServiceKeys)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(changedServiceKeys);
        var changes = new List<ServiceEndpoints>();
        foreach (var key in changedServiceKeys.Distinct(StringComparer.Ordinal))
        {
            if (ServiceEndpoints.From(snapshot, key, _lastIndex) is { } change)
            {
                changes.Add(change);
            }
        }

        return UpdateEndpoints(previous, changes);
    }

    /// <summary>
    /// Applies an endpoint-only change from the changed objects themselves (what a watch event gives):
    /// cost depends on the changed Services only, never on the size of the snapshot.
    /// </summary>
    public CompileResult UpdateEndpoints(CompileResult previous, IEnumerable<ServiceEndpoints> changes)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(changes);
        var endpoints = EndpointTableBuilder.Update(previous.Endpoints, previous.Routes.Clusters, changes);
        return previous with { Endpoints = endpoints };
    }
}
