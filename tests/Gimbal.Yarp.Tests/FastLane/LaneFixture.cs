namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>One <see cref="LaneUpstream"/> behind a <see cref="GatewayPair"/>, shared by the tests of a class (they run one after the other).</summary>
public sealed class LaneFixture : IAsyncLifetime
{
    public LaneUpstream Upstream { get; private set; } = null!;

    public GatewayPair Pair { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await LaneUpstream.StartAsync("lane");
        Pair = await GatewayPair.StartAsync(LaneGateways.Manifests(Upstream.Port));
    }

    public async Task DisposeAsync()
    {
        await Pair.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}

/// <summary>One <see cref="LaneUpstream"/> behind one gateway program with the fast lane, and its counters.</summary>
public sealed class FastLaneFixture : IAsyncLifetime
{
    public LaneUpstream Upstream { get; private set; } = null!;

    public Infrastructure.GatewayProgram Program { get; private set; } = null!;

    public GatewayCounters Counters { get; private set; } = null!;

    public int Port => Program.App.HttpPort;

    public async Task InitializeAsync()
    {
        Upstream = await LaneUpstream.StartAsync("lane");
        Program = await LaneGateways.StartAsync(LaneGateways.Manifests(Upstream.Port), fastLane: true);
        Counters = new GatewayCounters(Program);
    }

    public async Task DisposeAsync()
    {
        Counters.Dispose();
        await Program.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
