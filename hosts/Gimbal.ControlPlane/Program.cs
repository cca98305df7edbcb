using System.CommandLine;
using Gimbal.ControlPlane.Commands;

var root = new RootCommand("gimbal-control-plane: compiles Ingresses and HTTPProxies and serves them to Envoy over xDS.")
{
    ServeCommand.Create(),
    BootstrapCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
