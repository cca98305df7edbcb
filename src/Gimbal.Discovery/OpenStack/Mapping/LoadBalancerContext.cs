using Gimbal.Core.Diagnostics;
using Gimbal.Discovery.OpenStack.Model;

namespace Gimbal.Discovery.OpenStack.Mapping;

/// <summary>The load balancer being mapped, and where its diagnostics go.</summary>
internal sealed class LoadBalancerContext(string backendName, string projectName, LoadBalancer loadBalancer, List<Diagnostic> diagnostics)
{
    public string BackendName { get; } = backendName;

    public string ProjectName { get; } = projectName;

    public LoadBalancer LoadBalancer { get; } = loadBalancer;

    public void Error(string field, string code, string message) => Add(field, DiagnosticSeverity.Error, code, message);

    public void Warning(string field, string code, string message) => Add(field, DiagnosticSeverity.Warning, code, message);

    private void Add(string field, DiagnosticSeverity severity, string code, string message) =>
        diagnostics.Add(new Diagnostic(new ObjectRef("LoadBalancer", ProjectName, LoadBalancer.Id ?? LoadBalancer.Name ?? "(no id)"), field, severity, code, message));
}
