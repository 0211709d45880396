#!/bin/sh
# Starts a Sweep silo in a container. Orleans needs an address that the other silos and the clients
# can reach, and the silo listens on it too: unless Sweep__Silo__AdvertisedAddress (or the switch
# --Sweep:Silo:AdvertisedAddress, which wins over the variable) names one, this container's own IP
# is used, the first address `hostname -i` gives. With host networking that may be a loopback
# address; set the variable there.
set -eu

if [ -z "${Sweep__Silo__AdvertisedAddress:-}" ]; then
  addresses=$(hostname -i 2>/dev/null || true)
  address=${addresses%% *}
  if [ -z "$address" ]; then
    echo "silo-entrypoint: cannot find this container's IP address (hostname -i); set Sweep__Silo__AdvertisedAddress" >&2
    exit 2
  fi
  Sweep__Silo__AdvertisedAddress=$address
  export Sweep__Silo__AdvertisedAddress
fi

exec dotnet /app/Sweep.Silo.dll "$@"
