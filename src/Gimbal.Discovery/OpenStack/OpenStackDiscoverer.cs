using Gimbal.Discovery.Mirroring;
using Gimbal.Discovery.OpenStack.Api;
using Gimbal.Discovery.OpenStack.Identity;
using Gimbal.Discovery.OpenStack.LoadBalancing;
using Gimbal.Discovery.OpenStack.Mapping;
using Gimbal.Discovery.OpenStack.Model;
using Microsoft.Extensions.Logging;

namespace Gimbal.Discovery.OpenStack;

/// <summary>
/// Reads every project in scope (load balancers, listeners, pools, members) and maps it to a MirrorSet. A project
/// whose read fails is reported incomplete, so nothing is deleted in its namespace; when the projects themselves
/// cannot be listed the whole set is incomplete.
/// </summary>
public sealed partial class OpenStackDiscoverer
{
    /// <summary>The backendtype label value of this discoverer's metrics and mirrors: "openstack".</summary>
    public const string BackendType = "openstack";

    private readonly OpenStackOptions _options;
    private readonly OpenStackApiClient _client;
    private readonly ProjectsApi _projects;
    private readonly OpenStackMetrics _metrics;
    private readonly ILogger<OpenStackDiscoverer> _logger;

    /// <summary>A discoverer reading the cloud through <paramref name="client"/>.</summary>
    /// <param name="options">Backend name, project watch list and credentials.</param>
    /// <param name="client">The authenticated API client.</param>
    /// <param name="metrics">Where errors, latency and totals go.</param>
    /// <param name="logger">Where failed reads and diagnostics are logged.</param>
    public OpenStackDiscoverer(OpenStackOptions options, OpenStackApiClient client, OpenStackMetrics metrics, ILogger<OpenStackDiscoverer> logger)
    {
        _options = options;
        _client = client;
        _projects = new ProjectsApi(client, options.Credentials);
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Reads every project in scope and maps it. Never throws for API failures: they are in <see cref="OpenStackReadResult.Errors"/>,
    /// counted in the metrics, and make the affected namespaces (or the whole set) incomplete.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<OpenStackReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        var errors = new List<OpenStackReadError>();
        KeystoneToken token;
        try
        {
            token = await _client.Session.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OpenStackApiException e)
        {
            return Failed(errors, OpenStackMetrics.ErrorAuthenticate, null, e.Message);
        }

        var credentials = _options.Credentials;
        var lbaas = LbaasApi.FromCatalog(_client, token.Catalog, credentials.Interface, credentials.RegionName);
        if (lbaas is null)
        {
            return Failed(errors, OpenStackMetrics.ErrorListLoadBalancers, null,
                $"the service catalog has no {credentials.Interface} \"load-balancer\" or \"network\" endpoint{(credentials.RegionName is { } r ? $" in region {r}" : string.Empty)}");
        }

        IReadOnlyList<Project> projects;
        var projectProblems = new List<string>();
        try
        {
            projects = await _projects.ListAsync(projectProblems, cancellationToken).ConfigureAwait(false);
        }
        catch (OpenStackApiException e)
        {
            return Failed(errors, OpenStackMetrics.ErrorListProjects, null, e.Message);
        }

        var inventories = new List<ProjectInventory>();
        var incomplete = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in InScope(projects))
        {
            var (inventory, error) = await ReadProjectAsync(lbaas, project, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                Record(errors, error);
                incomplete.Add(project.Name!);
            }
            else
            {
                inventories.Add(inventory!);
            }
        }

        var mapping = LoadBalancerMapper.Map(_options.BackendName, inventories);
        foreach (var diagnostic in mapping.Diagnostics)
        {
            LogDiagnostic(diagnostic.ToString());
        }

        foreach (var problem in projectProblems)
        {
            LogDiagnostic(problem);
        }

        // Totals of a partial read would understate; the last complete figures stand until the next one.
        if (incomplete.Count == 0)
        {
            _metrics.Totals(mapping.Totals);
        }

        var set = new MirrorSet
        {
            BackendName = _options.BackendName,
            BackendType = BackendType,
            Services = mapping.Services,
            IncompleteNamespaces = incomplete,
        };
        return new OpenStackReadResult(set, mapping, errors);
    }

    private IEnumerable<Project> InScope(IReadOnlyList<Project> projects)
    {
        var watchlist = _options.ProjectWatchlist.Count == 0 ? null : new HashSet<string>(_options.ProjectWatchlist, StringComparer.Ordinal);
        return projects
            .Where(p => p.Id is { Length: > 0 } && p.Name is { Length: > 0 } && (watchlist is null || watchlist.Contains(p.Name)))
            .OrderBy(static p => p.Name, StringComparer.Ordinal);
    }

    private async Task<(ProjectInventory? Inventory, OpenStackReadError? Error)> ReadProjectAsync(LbaasApi lbaas, Project project, CancellationToken cancellationToken)
    {
        var projectId = project.Id!;
        var unreadable = new List<string>();
        var step = OpenStackMetrics.ErrorListLoadBalancers;
        try
        {
            var loadBalancers = await lbaas.ListLoadBalancersAsync(projectId, unreadable, cancellationToken).ConfigureAwait(false);
            step = OpenStackMetrics.ErrorListListeners;
            var listeners = await lbaas.ListListenersAsync(projectId, unreadable, cancellationToken).ConfigureAwait(false);
            step = OpenStackMetrics.ErrorListPools;
            var pools = await lbaas.ListPoolsAsync(projectId, unreadable, cancellationToken).ConfigureAwait(false);

            step = OpenStackMetrics.ErrorListMembers;
            var members = new Dictionary<string, IReadOnlyList<Member>>(StringComparer.Ordinal);
            foreach (var pool in pools)
            {
                if (pool.Id is { Length: > 0 } poolId && !members.ContainsKey(poolId))
                {
                    members[poolId] = await lbaas.ListMembersAsync(poolId, unreadable, cancellationToken).ConfigureAwait(false);
                }
            }

            return (new ProjectInventory(project, loadBalancers, listeners, pools, members) { UnreadableItems = unreadable }, null);
        }
        catch (OpenStackApiException e)
        {
            return (null, new OpenStackReadError(step, project.Name, e.Message));
        }
    }

    private OpenStackReadResult Failed(List<OpenStackReadError> errors, string errorType, string? project, string message)
    {
        Record(errors, new OpenStackReadError(errorType, project, message));
        var set = new MirrorSet { BackendName = _options.BackendName, BackendType = BackendType, Services = [], Complete = false };
        return new OpenStackReadResult(set, new MappingResult([], [], new MappingTotals()), errors);
    }

    private void Record(List<OpenStackReadError> errors, OpenStackReadError error)
    {
        errors.Add(error);
        _metrics.Error(error.ErrorType);
        LogReadFailed(error.ErrorType, error.Project ?? "(all)", error.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenStack read failed ({ErrorType}, project {Project}): {Reason}; nothing is deleted there this cycle")]
    private partial void LogReadFailed(string errorType, string project, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenStack data left out: {Diagnostic}")]
    private partial void LogDiagnostic(string diagnostic);
}
