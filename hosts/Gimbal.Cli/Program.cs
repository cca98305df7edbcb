using System.CommandLine;
using Gimbal.Cli.Commands;

var root = new RootCommand("gimbal: compile Kubernetes manifests into Gimbal's route table, and explain which route serves a request.")
{
    CompileCommand.Create(),
    ExplainCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
