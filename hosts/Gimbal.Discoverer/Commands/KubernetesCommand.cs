using System.CommandLine;
using Gimbal.Discoverer.Hosting;
using Gimbal.Discovery.DependencyInjection;
using Gimbal.Discovery.Kubernetes;
using Gimbal.Kubernetes.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gimbal.Discoverer.Commands;

/// <summary>gimbal-discoverer kubernetes: mirror an upstream Kubernetes cluster.</summary>
internal static class KubernetesCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        var discoverKubeconfig = new Option<string>("--discover-kubecfg-file")
        {
            Description = "Kubeconfig of the upstream cluster to discover; empty: in-cluster credentials.",
            DefaultValueFactory = _ => string.Empty,
        };
        var allow = new Option<string[]>("--namespace-allow")
        {
            Description = "Only mirror these upstream namespaces (repeatable; default: all).",
            AllowMultipleArgumentsPerToken = true,
        };
        var deny = new Option<string[]>("--namespace-deny")
        {
            Description = "Never mirror these upstream namespaces (repeatable; kube-system never is).",
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new Command("kubernetes", "Mirror the Services and Endpoints of an upstream Kubernetes cluster into the Gimbal cluster.");
        shared.AddTo(command);
        command.Options.Add(discoverKubeconfig);
        command.Options.Add(allow);
        command.Options.Add(deny);
        command.SetAction((result, cancellationToken) =>
        {
            var settings = shared.Read(result);
            var upstreamKubeconfig = result.GetValue(discoverKubeconfig) is { Length: > 0 } path ? path : null;
            return DiscovererHost.RunAsync(
                settings,
                KubernetesDiscoverer.BackendType,
                services => services.AddGimbalKubernetesDiscoverer(
                    options =>
                    {
                        options.ResyncInterval = settings.ResyncInterval;
                        foreach (var ns in result.GetValue(allow) ?? [])
                        {
                            options.AllowNamespaces.Add(ns);
                        }

                        foreach (var ns in result.GetValue(deny) ?? [])
                        {
                            options.DenyNamespaces.Add(ns);
                        }
                    },
                    sp => new KubernetesClient(DiscovererHost.Configuration(upstreamKubeconfig, qps: 0, burst: 1), sp.GetRequiredService<ILoggerFactory>())),
                cancellationToken);
        });
        return command;
    }
}
