package campaigns

import (
	"fmt"
	"strings"
	"time"
)

// ZoneLocation is the time zone named zone (an IANA name such as
// "Europe/Lisbon"), or local when zone is empty: how Herald reads the zone
// a user chose, for campaigns and for whatever else keeps their hours.
func ZoneLocation(zone string, local *time.Location) (*time.Location, error) {
	zone = strings.TrimSpace(zone)
	if zone == "" {
		return local, nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", zone)
	}
	return loc, nil
}

// zoneOf is the zone a new or edited schedule is read in: its own, else
// the one the user chose for Herald, else "" (the engine's Location).
func (e *Engine) zoneOf(s Schedule) string {
	if zone := strings.TrimSpace(s.TimeZone); zone != "" || e.userZone == nil {
		return zone
	}
	return strings.TrimSpace(e.userZone())
}
