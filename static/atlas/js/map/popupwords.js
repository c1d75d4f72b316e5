// The words of popups: the coded values of the seeded layers' attributes (kinds of object, lake types, slip types,
// landslide categories and triggers, HMAGLOFDB's codes…) in the page's language, and the labels of common attribute
// names for uploads whose layer has no attribute labels of its own.

export const VALUE_WORDS = Object.freeze({
  // Kinds of register objects and events (registers' kind, hazard and atlas_hazard).
  glacial_lake: gettext("glacial lake"), natural_dam_lake: gettext("lake dammed by a landslide"), dam: gettext("dam"),
  tailings: gettext("uranium tailings"), test_site: gettext("nuclear test site"), flood: gettext("flood"),
  glof: gettext("glacial lake outburst flood"), dam_failure: gettext("dam failure"), mudflow: gettext("mudflow"),
  landslide: gettext("landslide"), industrial: gettext("industrial accident"), manmade: gettext("man-made hazard"),
  seismic: gettext("earthquake"), Earthquake: gettext("earthquake"), "Nuclear Explosion": gettext("nuclear explosion"),
  // HMAGLOFDB: lake types, outburst mechanisms, drivers, kinds of impact.
  "Ice dammed": gettext("ice-dammed"), "Landslide dammed": gettext("landslide-dammed"),
  "Moraine dammed": gettext("moraine-dammed"), Supraglacial: gettext("supraglacial"),
  Thermokarst: gettext("thermokarst"), "Water pocket": gettext("water pocket in the glacier"),
  "Dam piping": gettext("seepage through the dam"), "Englacial tunnel": gettext("englacial tunnel"),
  "Ice core thawing": gettext("thawing of the ice core"), "Moraine collapse": gettext("moraine collapse"),
  Overtopping: gettext("overtopping"), "Subglacial tunnel": gettext("subglacial tunnel"),
  "Subglacial tunnel, overtopping": gettext("subglacial tunnel, overtopping"),
  "Supraglacial lake drainage": gettext("drainage of a supraglacial lake"), Avalanche: gettext("avalanche"),
  "High temperatures": gettext("high temperatures"),
  "High temperatures; intense rainfall": gettext("high temperatures and intense rainfall"),
  "Intense rainfall; high temperatures": gettext("high temperatures and intense rainfall"),
  "Intense rainfall": gettext("intense rainfall"),
  "Intense rainfall, and later slowly getting warmer": gettext("intense rainfall, then warming"),
  Melt: gettext("melt"), Rockfall: gettext("rockfall"), "Water level rise": gettext("rise of the water level"),
  "Glacier advance": gettext("glacier advance"), "Glacier melt": gettext("glacier melt"),
  "Surging glacier": gettext("surging glacier"), Deposit: gettext("deposits"), Observation: gettext("observation"),
  Y: gettext("yes"), N: gettext("no"), "+": gettext("yes (how many is not known)"),
  // ICIMOD's glacial lake types.
  "M(e)": gettext("end-moraine-dammed"), "M(l)": gettext("lateral-moraine-dammed"),
  "M(o)": gettext("moraine-dammed (other)"), "I(s)": gettext("supraglacial"),
  "I(v)": gettext("dammed by glacier ice"), "E(o)": gettext("erosion lake (bedrock)"),
  // GEM faults' slip types.
  Dextral: gettext("dextral strike-slip"), Sinistral: gettext("sinistral strike-slip"), Normal: gettext("normal"),
  Reverse: gettext("reverse"), "Dextral-Normal": gettext("dextral strike-slip with normal"),
  "Dextral-Reverse": gettext("dextral strike-slip with reverse"),
  "Sinistral-Normal": gettext("sinistral strike-slip with normal"),
  "Sinistral-Reverse": gettext("sinistral strike-slip with reverse"), Anticline: gettext("anticline"),
  Syncline: gettext("syncline"),
  // Magnitude scales, as seismologists write them.
  MB: "mb", MS: "Ms", MW: "Mw", MWB: "Mwb", MWC: "Mwc", MWW: "Mww",
  // GPPD fuels; USGS review status.
  Hydro: gettext("hydropower"), Automatic: gettext("automatic"), Reviewed: gettext("reviewed"),
  // NASA Global Landslide Catalog: categories, triggers, sizes, settings.
  complex: gettext("complex"), earth_flow: gettext("earth flow"), rock_fall: gettext("rockfall"),
  snow_avalanche: gettext("snow avalanche"), translational_slide: gettext("translational slide"),
  debris_flow: gettext("debris flow"), mudslide: gettext("mudslide"), other: gettext("other"),
  construction: gettext("construction"), continuous_rain: gettext("continuous rain"), downpour: gettext("downpour"),
  earthquake: gettext("earthquake"), flooding: gettext("flooding"), mining: gettext("mining"),
  monsoon: gettext("monsoon"), rain: gettext("rain"), snowfall_snowmelt: gettext("snowfall or snowmelt"),
  tropical_cyclone: gettext("tropical cyclone"), dam_embankment_collapse: gettext("collapse of a dam or embankment"),
  small: gettext("small"), medium: gettext("medium"), large: gettext("large"), very_large: gettext("very large"),
  above_river: gettext("above a river"), above_road: gettext("above a road"), below_road: gettext("below a road"),
  deforested_slope: gettext("deforested slope"), engineered_slope: gettext("engineered slope"), mine: gettext("mine"),
  natural_slope: gettext("natural slope"), urban: gettext("urban area"), exact: gettext("exact"),
});

// Labels of common attribute names: used for a layer without attribute labels of its own (an upload).
export const LABELS = Object.freeze({
  mag_mlh: gettext("Magnitude (MLH)"), mag: gettext("Magnitude"), magnitude: gettext("Magnitude"),
  magnitude_type: gettext("Magnitude type"), eq_primary: gettext("Magnitude"), depth: gettext("Depth, km"),
  depth_km: gettext("Depth, km"), focal_depth_km: gettext("Depth, km"), focal_depth: gettext("Depth, km"),
  name: gettext("Name"), deaths: gettext("Deaths"), total_deaths: gettext("Total deaths"),
  Lives_total: gettext("Lives lost"), fatality_count: gettext("Fatalities"), injuries: gettext("Injured"),
  Injured_total: gettext("Injured"), Displaced_total: gettext("Displaced"), capacity_mw: gettext("Capacity, MW"),
  event_type: gettext("Event type"), location_name: gettext("Location"), location_description: gettext("Location"),
  Lake_name: gettext("Lake"), Lake_type: gettext("Lake type"), Glacier_name: gettext("Glacier"),
  River_Basin: gettext("River basin"), population: gettext("Population"), pop_max: gettext("Population"),
  slip_type: gettext("Slip type"), fz_name: gettext("Fault zone"), primary_fuel: gettext("Fuel"),
  commissioning_year: gettext("Commissioned"), landslide_category: gettext("Category"),
  landslide_trigger: gettext("Trigger"), Impact_type: gettext("Impact type"), Mechanism: gettext("Mechanism"),
  Driver_GLOF: gettext("Cause of the outburst"), Remarks: gettext("Remarks"),
  Elev_lake: gettext("Lake elevation, m"), Elev_impact: gettext("Elevation of the impact, m"),
  area_km2: gettext("Area, km²"), Area: gettext("Area"), Volume: gettext("Volume"), dam_name: gettext("Dam"),
  owner: gettext("Owner"), status: gettext("Status"), source: gettext("Source"), intensity: gettext("Intensity"),
});
