namespace Gimbal.Discovery.OpenStack.LoadBalancing;

/// <summary>Which load-balancing API a cloud offers.</summary>
public enum LbaasFlavor
{
    /// <summary>Octavia: catalog type "load-balancer", paths /v2/lbaas/….</summary>
    Octavia,

    /// <summary>Legacy Neutron LBaaS v2: catalog type "network", paths /v2.0/lbaas/….</summary>
    NeutronLbaas,
}
