using System.Globalization;

namespace Gimbal.Benchmarks.Gateway;

/// <summary>
/// nginx as the equivalent reverse proxy: one worker per core, one upstream with keepalive, HTTP/1.1
/// upstream connections, no access log. Neither side's keepalive connections are closed after
/// nginx's default 1000 requests: Kestrel (backend and gateway) never closes them either.
/// </summary>
internal static class NginxConfig
{
    public static string Write(string folder, int listenPort, int backendPort)
    {
        var path = Path.Combine(folder, "nginx.conf");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $$"""
            worker_processes auto;
            daemon off;
            master_process on;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/client;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                upstream backend {
                    server 127.0.0.1:{{backendPort}};
                    keepalive 128;
                    keepalive_requests 1000000;
                }
                server {
                    listen 127.0.0.1:{{listenPort}};
                    keepalive_requests 1000000;
                    location / {
                        proxy_pass http://backend;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                    }
                }
            }
            """));
        return path;
    }
}
