using Gimbal.Discoverer.Commands;

return await DiscovererCommand.Create().Parse(args).InvokeAsync();
