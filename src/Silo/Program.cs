using Microsoft.Extensions.Hosting;
using Sweep.Silo;

var builder = Host.CreateApplicationBuilder(args);
builder.AddSweepSilo();
await builder.Build().RunAsync();
