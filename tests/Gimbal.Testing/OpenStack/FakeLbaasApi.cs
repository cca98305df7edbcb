using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gimbal.Testing.OpenStack;

/// <summary>
/// The fake Octavia (/v2/lbaas, /v2.0 accepted as an alias, ".json" suffix accepted) and Neutron LBaaS v2
/// (/v2.0/lbaas) list APIs: project_id (and Neutron's tenant_id) filters, limit/marker paging with
/// "&lt;collection&gt;_links". Objects are the API reference samples with the state's values written in.
/// </summary>
internal sealed class FakeLbaasApi(FakeCloud cloud, ApiSamples samples, FakeOpenStackOptions options, bool neutron)
{
    /// <summary>Handles the path below ".../v2/lbaas/" (e.g. ["pools", "{id}", "members"]).</summary>
    public Task HandleAsync(HttpContext context, string[] rest)
    {
        var collection = rest.Length > 0 ? TrimJson(rest[0]) : string.Empty;
        if (rest.Length == 1)
        {
            switch (collection)
            {
                case "loadbalancers":
                    return ListAsync(context, "loadbalancers", cloud.Read(c => Filter(context, c.LoadBalancers, l => l.ProjectId).Select(l => (l.Id, LoadBalancer(c, l))).ToList()));
                case "listeners":
                    return ListAsync(context, "listeners", cloud.Read(c => Filter(context, c.Listeners, l => l.ProjectId).Select(l => (l.Id, Listener(l))).ToList()));
                case "pools":
                    return ListAsync(context, "pools", cloud.Read(c => Filter(context, c.Pools, p => p.ProjectId).Select(p => (p.Id, Pool(c, p))).ToList()));
            }
        }

        if (rest.Length == 3 && collection == "pools" && TrimJson(rest[2]) == "members")
        {
            var poolId = rest[1];
            var members = cloud.Read(c => c.Pools.Any(p => p.Id == poolId)
                ? Filter(context, c.Members.Where(m => m.PoolId == poolId), m => m.ProjectId).Select(m => (m.Id, Member(m))).ToList()
                : null);
            return members is null ? NotFound(context, "Pool", poolId) : ListAsync(context, "members", members);
        }

        return NotFound(context, "Resource", context.Request.Path);
    }

    public Task NotFound(HttpContext context, string resource, string id) =>
        neutron
            ? Responses.NeutronError(context, 404, resource.Replace(" ", string.Empty, StringComparison.Ordinal) + "NotFound", $"{resource} {id} could not be found.")
            : Responses.OctaviaFault(context, 404, $"{resource} {id} not found.");

    public Task Error(HttpContext context, int status) =>
        neutron
            ? Responses.NeutronError(context, status, "HTTPError", $"injected failure {status}")
            : Responses.OctaviaFault(context, status, $"injected failure {status}");

    private IEnumerable<T> Filter<T>(HttpContext context, IEnumerable<T> items, Func<T, string> project)
    {
        var query = context.Request.Query;
        var wanted = query["project_id"].FirstOrDefault() ?? (neutron ? query["tenant_id"].FirstOrDefault() : null);
        return wanted is null ? items : items.Where(i => project(i) == wanted);
    }

    private async Task ListAsync(HttpContext context, string collection, List<(string Id, JsonObject Body)> items)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : options.PageSize;
        var marker = query["marker"].FirstOrDefault();
        var start = 0;
        if (marker is not null)
        {
            var index = items.FindIndex(i => i.Id == marker);
            if (index < 0)
            {
                await NotFound(context, "Marker", marker);
                return;
            }

            start = index + 1;
        }

        var page = items.Skip(start).Take(limit ?? int.MaxValue).ToList();
        var body = new JsonObject { [collection] = new JsonArray([.. page.Select(i => (JsonNode)i.Body)]) };
        var links = new JsonArray();
        if (limit is { } size && start + page.Count < items.Count)
        {
            links.Add(new JsonObject { ["href"] = PageLink(context, size, page[^1].Id, reverse: false), ["rel"] = "next" });
        }

        if (limit is { } back && marker is not null && page.Count > 0)
        {
            links.Add(new JsonObject { ["href"] = PageLink(context, back, page[0].Id, reverse: true), ["rel"] = "previous" });
        }

        if (links.Count > 0)
        {
            body[collection + "_links"] = links;
        }

        await Responses.Json(context, 200, body);
    }

    private static string PageLink(HttpContext context, int limit, string marker, bool reverse)
    {
        var request = context.Request;
        var query = new List<string>();
        foreach (var (key, values) in request.Query)
        {
            if (key is not ("limit" or "marker" or "page_reverse"))
            {
                query.AddRange(values.Select(v => $"{Uri.EscapeDataString(key)}={Uri.EscapeDataString(v ?? string.Empty)}"));
            }
        }

        query.Add($"limit={limit.ToString(CultureInfo.InvariantCulture)}");
        query.Add($"marker={Uri.EscapeDataString(marker)}");
        if (reverse)
        {
            query.Add("page_reverse=True");
        }

        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private JsonObject LoadBalancer(FakeCloud c, FakeLoadBalancer lb)
    {
        var o = neutron ? samples.FirstOfList("neutron-lbaas/loadbalancers-list-response.json", "loadbalancers") : samples.Show("octavia/loadbalancer-show-response.json", "loadbalancer");
        o["id"] = lb.Id;
        o["name"] = lb.Name;
        o["vip_address"] = lb.VipAddress;
        o["provisioning_status"] = "ACTIVE";
        SetProject(o, lb.ProjectId);
        o["listeners"] = Refs(c.Listeners.Where(l => l.LoadBalancerId == lb.Id).Select(l => l.Id));
        o["pools"] = Refs(c.Pools.Where(p => p.LoadBalancerId == lb.Id).Select(p => p.Id));
        return o;
    }

    private JsonObject Listener(FakeListener listener)
    {
        var o = neutron ? samples.FirstOfList("neutron-lbaas/listeners-list-response.json", "listeners") : samples.Show("octavia/listener-show-response.json", "listener");
        o["id"] = listener.Id;
        o["name"] = listener.Name;
        o["protocol"] = listener.Protocol;
        o["protocol_port"] = listener.ProtocolPort;
        o["default_pool_id"] = listener.DefaultPoolId;
        o["loadbalancers"] = Refs([listener.LoadBalancerId]);
        SetProject(o, listener.ProjectId);
        return o;
    }

    private JsonObject Pool(FakeCloud c, FakePool pool)
    {
        var o = neutron ? samples.FirstOfList("neutron-lbaas/pools-list-response.json", "pools") : samples.Show("octavia/pool-show-response.json", "pool");
        o["id"] = pool.Id;
        o["name"] = pool.Name;
        o["listeners"] = pool.ListenerId is null ? new JsonArray() : Refs([pool.ListenerId]);
        var members = c.Members.Where(m => m.PoolId == pool.Id).Select(m => m.Id).ToList();

        // Neutron's pool sample lists members as bare IDs; Octavia's as {"id": ...} objects.
        o["members"] = neutron ? new JsonArray([.. members.Select(id => (JsonNode)JsonValue.Create(id))]) : Refs(members);
        if (!neutron)
        {
            o["loadbalancers"] = Refs([pool.LoadBalancerId]);
        }

        SetProject(o, pool.ProjectId);
        return o;
    }

    private JsonObject Member(FakeMember member)
    {
        var o = neutron ? samples.FirstOfList("neutron-lbaas/pool-members-list-response.json", "members") : samples.Show("octavia/member-show-response.json", "member");
        o["id"] = member.Id;
        o["name"] = member.Name;
        o["address"] = member.Address;
        o["protocol_port"] = member.ProtocolPort;
        o["weight"] = member.Weight;
        o["admin_state_up"] = member.AdminStateUp;
        if (!neutron)
        {
            o["operating_status"] = member.OperatingStatus;
        }

        SetProject(o, member.ProjectId);
        return o;
    }

    private void SetProject(JsonObject o, string projectId)
    {
        o["project_id"] = projectId;
        if (neutron)
        {
            o["tenant_id"] = projectId;
        }
    }

    private static JsonArray Refs(IEnumerable<string> ids) => new([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id })]);

    private static string TrimJson(string segment) => segment.EndsWith(".json", StringComparison.Ordinal) ? segment[..^5] : segment;
}
