// Bid opportunities in the style of Northern California public agencies. The
// agencies are real; the solicitations, numbers and contacts are invented.
import type { ProjectCategory } from "../../src/db/schema/index.ts";

export interface Agency {
  name: string;
  /** Mailbox domain for the invented contact (an example.org subdomain, so no real inbox). */
  domain: string;
  source: string;
  /** Builds a solicitation number from random digits; null for manually entered projects. */
  externalPrefix: string | null;
  funding: readonly string[];
}

export const AGENCIES = {
  caltrans4: { name: "Caltrans District 4", domain: "dot-d4.example.org", source: "CALTRANS", externalPrefix: "04-", funding: ["Federal (FHWA) and SB 1 (SHOPP)", "SB 1 (SHOPP)"] },
  caltrans3: { name: "Caltrans District 3", domain: "dot-d3.example.org", source: "CALTRANS", externalPrefix: "03-", funding: ["Federal (FHWA) and SB 1 (SHOPP)"] },
  caltrans10: { name: "Caltrans District 10", domain: "dot-d10.example.org", source: "CALTRANS", externalPrefix: "10-", funding: ["SB 1 (SHOPP)"] },
  bart: { name: "San Francisco Bay Area Rapid Transit District (BART)", domain: "bart.example.org", source: "BART", externalPrefix: "15", funding: ["Measure RR bond", "Federal (FTA) and Measure RR"] },
  ousd: { name: "Oakland Unified School District", domain: "ousd.example.org", source: "PLANETBIDS", externalPrefix: "OUSD-", funding: ["Measure Y school bond", "Measure J school bond"] },
  sacCity: { name: "City of Sacramento", domain: "cityofsacramento.example.org", source: "PLANETBIDS", externalPrefix: "PN-", funding: ["Measure U", "General fund (capital improvement program)"] },
  sfpuc: { name: "San Francisco Public Utilities Commission", domain: "sfpuc.example.org", source: "SF_CITY_PARTNER", externalPrefix: "WW-", funding: ["Sewer System Improvement Program", "Water System Improvement Program"] },
  port: { name: "Port of Oakland", domain: "portofoakland.example.org", source: "PORT_OF_OAKLAND", externalPrefix: "PO-", funding: ["Port capital budget", "Federal (MARAD) grant"] },
  sacCounty: { name: "Sacramento County Department of General Services", domain: "saccounty.example.org", source: "MANUAL", externalPrefix: null, funding: ["County capital fund"] },
  alamedaCounty: { name: "Alameda County General Services Agency", domain: "acgov.example.org", source: "MANUAL", externalPrefix: null, funding: ["County capital fund", "Measure A1"] },
  vta: { name: "Santa Clara Valley Transportation Authority (VTA)", domain: "vta.example.org", source: "VTA", externalPrefix: "C", funding: ["2016 Measure B", "Federal (FTA) Capital Investment Grant"] },
  actransit: { name: "AC Transit", domain: "actransit.example.org", source: "MANUAL", externalPrefix: null, funding: ["Federal (FTA) Low-No grant", "Measure BB"] },
  ebmud: { name: "East Bay Municipal Utility District", domain: "ebmud.example.org", source: "MANUAL", externalPrefix: null, funding: ["Water system revenue bonds"] },
  richmond: { name: "City of Richmond", domain: "ci-richmond.example.org", source: "MANUAL", externalPrefix: null, funding: ["General fund", "Measure T"] },
  richmondHA: { name: "Richmond Housing Authority", domain: "richmondha.example.org", source: "MANUAL", externalPrefix: null, funding: ["HUD Capital Fund"] },
  vallejoHA: { name: "Vallejo Housing Authority", domain: "vallejoha.example.org", source: "MANUAL", externalPrefix: null, funding: ["HUD Capital Fund"] },
  oaklandHA: { name: "Oakland Housing Authority", domain: "oakha.example.org", source: "MANUAL", externalPrefix: null, funding: ["HUD Capital Fund"] },
  sanJose: { name: "City of San José Public Works", domain: "sanjoseca.example.org", source: "MANUAL", externalPrefix: null, funding: ["Measure E", "State (HCD) Infill Infrastructure Grant"] },
  sfpw: { name: "San Francisco Public Works", domain: "sfpublicworks.example.org", source: "SF_CITY_PARTNER", externalPrefix: "PW-", funding: ["Prop K", "General obligation bond"] },
  stocktonUsd: { name: "Stockton Unified School District", domain: "stocktonusd.example.org", source: "MANUAL", externalPrefix: null, funding: ["Measure E school bond"] },
  smud: { name: "Sacramento Municipal Utility District (SMUD)", domain: "smud.example.org", source: "MANUAL", externalPrefix: null, funding: ["Utility capital budget"] },
  scusd: { name: "Sacramento City Unified School District", domain: "scusd.example.org", source: "MANUAL", externalPrefix: null, funding: ["Measure H school bond", "Prop 39 clean energy funds"] },
  sacrt: { name: "Sacramento Regional Transit District (SacRT)", domain: "sacrt.example.org", source: "MANUAL", externalPrefix: null, funding: ["State (TIRCP)", "Federal (FTA)"] },
  vallejo: { name: "City of Vallejo", domain: "cityofvallejo.example.org", source: "MANUAL", externalPrefix: null, funding: ["Measure P", "FEMA hazard mitigation grant"] },
  santaRosa: { name: "City of Santa Rosa", domain: "srcity.example.org", source: "MANUAL", externalPrefix: null, funding: ["FEMA Public Assistance", "General fund"] },
  fairfield: { name: "City of Fairfield", domain: "fairfield.example.org", source: "MANUAL", externalPrefix: null, funding: ["Measure P"] },
  concord: { name: "City of Concord", domain: "cityofconcord.example.org", source: "MANUAL", externalPrefix: null, funding: ["Developer impact fees", "Federal (EDA) grant"] },
  modesto: { name: "City of Modesto", domain: "modestogov.example.org", source: "MANUAL", externalPrefix: null, funding: ["Wastewater enterprise fund"] },
  dalyCity: { name: "City of Daly City", domain: "dalycity.example.org", source: "MANUAL", externalPrefix: null, funding: ["General fund"] },
  stockton: { name: "City of Stockton", domain: "stocktonca.example.org", source: "MANUAL", externalPrefix: null, funding: ["Measure A", "General fund"] },
  berkeleyUsd: { name: "Berkeley Unified School District", domain: "berkeleyschools.example.org", source: "MANUAL", externalPrefix: null, funding: ["Measure I school bond"] },
  eastPaloAlto: { name: "City of East Palo Alto", domain: "cityofepa.example.org", source: "MANUAL", externalPrefix: null, funding: ["Active Transportation Program grant"] },
  ebcb: { name: "East Bay Community Builders (nonprofit developer)", domain: "ebcb.example.org", source: "MANUAL", externalPrefix: null, funding: ["Low-income housing tax credits", "Private financing"] },
  fruitvaleHealth: { name: "Fruitvale Community Health Partners", domain: "fchp.example.org", source: "MANUAL", externalPrefix: null, funding: ["Private financing", "New Markets Tax Credits"] },
  riverCityFood: { name: "River City Food Network", domain: "rivercityfood.example.org", source: "MANUAL", externalPrefix: null, funding: ["Private financing", "State (CDFA) grant"] },
  almaden: { name: "Almaden Plaza Owners LLC", domain: "almadenplaza.example.org", source: "MANUAL", externalPrefix: null, funding: ["Private financing"] },
  laguna: { name: "Laguna Crossroads Retail LLC", domain: "lagunacrossroads.example.org", source: "MANUAL", externalPrefix: null, funding: ["Private financing"] },
} as const satisfies Record<string, Agency>;

export type Size = "S" | "M" | "L";

export interface ProjectTemplate {
  title: string;
  agency: keyof typeof AGENCIES;
  category: ProjectCategory;
  subcategory: string;
  city: string;
  /** What the posting calls the site, when a street or corridor says more than the city. */
  location?: string;
  size: Size;
  trades: readonly string[];
  sector: readonly string[];
  keywords: readonly string[];
}

const t = (
  title: string, agency: keyof typeof AGENCIES, category: ProjectCategory, subcategory: string, city: string, size: Size,
  trades: string, sector: string, keywords: string, location?: string,
): ProjectTemplate => ({
  title, agency, category, subcategory, city, size, location,
  trades: trades.split(","), sector: sector.split(","), keywords: keywords.split(","),
});

export const PROJECT_TEMPLATES: readonly ProjectTemplate[] = [
  t("I-880 Pavement Rehabilitation, Oakland to Hayward", "caltrans4", "INFRASTRUCTURE", "Highway paving", "Oakland", "L", "engineering,concrete,trucking", "transportation,highway", "resurfacing,asphalt,rehabilitation,DBE goal", "I-880 from 29th Ave, Oakland to SR-92, Hayward"),
  t("SR-24 Caldecott Tunnel Lighting Upgrade", "caltrans4", "SPECIALTY", "Tunnel lighting", "Oakland", "M", "electrical", "transportation,highway", "LED lighting,tunnel,electrical,night work", "SR-24 Caldecott Tunnel, Oakland"),
  t("I-580 ADA Curb Ramp Upgrades, Castro Valley", "caltrans4", "INFRASTRUCTURE", "Accessibility", "Hayward", "M", "concrete", "transportation,accessibility", "ADA,curb ramps,sidewalk,concrete", "I-580 frontage roads, Castro Valley"),
  t("US-101 Culvert and Drainage Improvements, San Mateo County", "caltrans4", "MAINTENANCE", "Drainage", "Redwood City", "M", "engineering", "transportation,water", "culverts,storm drain,drainage,SHOPP", "US-101, Redwood City to Menlo Park"),
  t("SR-4 Sound Wall Repairs, Antioch", "caltrans4", "MAINTENANCE", "Sound walls", "Antioch", "S", "masonry", "transportation", "sound wall,masonry,CMU,repair", "SR-4 at Hillcrest Ave, Antioch"),
  t("I-5 Pavement Rehabilitation, Downtown Sacramento", "caltrans3", "INFRASTRUCTURE", "Highway paving", "Sacramento", "L", "engineering,concrete,trucking", "transportation,highway", "resurfacing,rehabilitation,night work,DBE goal", "I-5 from Sutterville Rd to Richards Blvd, Sacramento"),
  t("US-50 Bridge Deck Overlay, Rancho Cordova", "caltrans3", "INFRASTRUCTURE", "Bridges", "Rancho Cordova", "L", "concrete", "transportation,bridges", "bridge deck,polyester overlay,joint seals", "US-50 at Sunrise Blvd, Rancho Cordova"),
  t("SR-99 Median Barrier Upgrade, Stockton", "caltrans10", "INFRASTRUCTURE", "Safety", "Stockton", "M", "concrete,fencing", "transportation,highway", "median barrier,guardrail,safety,concrete", "SR-99 from Hammer Ln to Eight Mile Rd, Stockton"),
  t("Coliseum Station ADA Elevator Modernization", "bart", "RENOVATION", "Elevators", "Oakland", "M", "electrical,general", "transit,accessibility", "elevator,ADA,station,modernization", "Coliseum BART Station, 7200 San Leandro St, Oakland"),
  t("Richmond Station Canopy Replacement", "bart", "RENOVATION", "Station canopies", "Richmond", "M", "steel,roofing", "transit", "canopy,structural steel,roofing,station"),
  t("Fremont Station Platform Edge Tile Replacement", "bart", "MAINTENANCE", "Platforms", "Fremont", "S", "flooring,concrete", "transit,accessibility", "platform edge,tactile tile,ADA,night work"),
  t("Lake Merritt Station Escalator Enclosure", "bart", "SPECIALTY", "Escalators", "Oakland", "M", "steel,electrical", "transit", "escalator canopy,steel,glazing,station"),
  t("Systemwide Fare Gate Conduit and Cabling Package", "bart", "SPECIALTY", "Fare collection", "Oakland", "M", "electrical,lowvoltage", "transit,technology", "fare gates,conduit,structured cabling,low voltage", "Eight BART stations, Alameda and Contra Costa counties"),
  t("Fremont High School Modernization, Phase 2", "ousd", "RENOVATION", "School modernization", "Oakland", "L", "general,hvac,electrical", "education", "modernization,Measure Y,classrooms,DSA", "4610 Foothill Blvd, Oakland"),
  t("Castlemont High School Roof Replacement", "ousd", "RENOVATION", "Roofing", "Oakland", "M", "roofing", "education", "reroof,school,summer work,DSA"),
  t("McClymonds High School Athletic Field Lighting", "ousd", "SPECIALTY", "Sports lighting", "Oakland", "S", "electrical", "education", "field lighting,LED,athletics"),
  t("District-wide HVAC Replacement, Package 3", "ousd", "MAINTENANCE", "HVAC", "Oakland", "M", "hvac", "education", "HVAC,rooftop units,ventilation,indoor air quality", "Six elementary schools, Oakland"),
  t("Fire Station 15 Replacement", "sacCity", "NEW_CONSTRUCTION", "Public safety facility", "Sacramento", "L", "general,electrical,plumbing", "public safety", "fire station,essential services,LEED,new construction"),
  t("Del Paso Boulevard Streetscape Improvements", "sacCity", "INFRASTRUCTURE", "Complete streets", "Sacramento", "M", "engineering,landscaping,concrete", "transportation,streetscape", "complete streets,bike lanes,sidewalk,landscaping", "Del Paso Blvd from Arden Way to El Camino Ave, Sacramento"),
  t("Sutter's Landing Park Restroom Building", "sacCity", "NEW_CONSTRUCTION", "Parks", "Sacramento", "S", "general,plumbing", "parks", "restroom,prefabricated,parks,plumbing"),
  t("Lake Merced Transmission Pipeline Replacement", "sfpuc", "INFRASTRUCTURE", "Water pipelines", "San Francisco", "L", "engineering,plumbing", "water", "pipeline,water main,trenching,traffic control", "Lake Merced Blvd, San Francisco"),
  t("Southeast Treatment Plant Headworks Electrical Support", "sfpuc", "SPECIALTY", "Wastewater", "San Francisco", "L", "electrical,lowvoltage", "wastewater", "switchgear,SCADA,electrical,wastewater", "Southeast Water Pollution Control Plant, 750 Phelps St, San Francisco"),
  t("Sunset Reservoir Site Landscaping and Irrigation", "sfpuc", "MAINTENANCE", "Landscaping", "San Francisco", "S", "landscaping", "water,parks", "landscaping,irrigation,native plants"),
  t("Berth 25 Wharf Fender System Repairs", "port", "MAINTENANCE", "Marine structures", "Oakland", "M", "steel", "maritime", "wharf,fender,marine,steel", "Berth 25, Outer Harbor, Port of Oakland"),
  t("Maritime Street Pavement Reconstruction", "port", "INFRASTRUCTURE", "Roadway", "Oakland", "L", "engineering,concrete,trucking", "maritime,freight", "pavement,reconstruction,freight corridor,concrete", "Maritime St from 7th St to W Grand Ave, Oakland"),
  t("Oakland Airport Terminal 1 Restroom Renovation", "port", "RENOVATION", "Aviation", "Oakland", "M", "general,plumbing,flooring", "aviation", "restrooms,terminal,airport,phased work", "Oakland International Airport, Terminal 1"),
  t("Florin Road Sidewalk Gap Closure", "sacCounty", "INFRASTRUCTURE", "Sidewalks", "Sacramento", "S", "concrete", "transportation,accessibility", "sidewalk,ADA,curb and gutter", "Florin Rd from Franklin Blvd to 24th St, Sacramento County"),
  t("Branch Center Warehouse Reroof", "sacCounty", "RENOVATION", "Roofing", "Sacramento", "M", "roofing", "public facilities", "reroof,warehouse,TPO,insulation"),
  t("Youth Detention Facility Kitchen Renovation", "sacCounty", "RENOVATION", "Food service", "Sacramento", "M", "general,plumbing,hvac", "public facilities", "kitchen,secure facility,renovation"),
  t("Santa Rita Jail Fire Alarm System Upgrade", "alamedaCounty", "SPECIALTY", "Fire alarm", "Livermore", "M", "fire,lowvoltage,electrical", "public safety", "fire alarm,secure facility,low voltage", "Santa Rita Jail, Dublin"),
  t("Hayward Hall of Justice Exterior Painting", "alamedaCounty", "MAINTENANCE", "Painting", "Hayward", "S", "painting", "public facilities", "painting,exterior,coatings"),
  t("Alameda County Fairgrounds Electrical Service Upgrade", "alamedaCounty", "INFRASTRUCTURE", "Electrical service", "Livermore", "M", "electrical", "public facilities,energy", "switchgear,electrical service,underground"),
  t("Light Rail Station Shelter Replacement", "vta", "RENOVATION", "Transit amenities", "San Jose", "M", "steel,concrete", "transit", "shelters,light rail,steel", "12 light rail stations, San José"),
  t("Eastridge Transit Center Paving and Drainage", "vta", "INFRASTRUCTURE", "Paving", "San Jose", "M", "engineering", "transit", "paving,drainage,bus bays"),
  t("BART Silicon Valley Phase II: Small Business Subcontracting Package", "vta", "NEW_CONSTRUCTION", "Transit expansion", "San Jose", "L", "general,electrical,concrete", "transit,megaproject", "BART Silicon Valley,subcontracting,SBE,tunnel", "Downtown San José station sites"),
  t("Division 4 Bus Wash Replacement", "actransit", "SPECIALTY", "Maintenance facility", "Oakland", "M", "plumbing,general", "transit", "bus wash,water reclamation,maintenance yard", "AC Transit Division 4, 1100 Seminary Ave, Oakland"),
  t("Zero-Emission Bus Charging Infrastructure, Hayward Division", "actransit", "SPECIALTY", "EV charging", "Hayward", "L", "electrical", "transit,energy", "EV charging,zero emission,switchgear,trenching"),
  t("Oakland Hills Water Main Replacement", "ebmud", "INFRASTRUCTURE", "Water pipelines", "Oakland", "L", "engineering", "water", "water main,pipeline,paving restoration", "Skyline Blvd and Joaquin Miller Rd, Oakland"),
  t("Richmond Civic Center Plaza Paving Repairs", "richmond", "MAINTENANCE", "Hardscape", "Richmond", "S", "concrete", "public facilities", "plaza,concrete,hardscape,ADA"),
  t("Scattered-Site Public Housing Rehabilitation", "richmondHA", "RESIDENTIAL", "Housing rehabilitation", "Richmond", "M", "general,painting,flooring", "housing", "housing rehab,unit turns,Section 3,HUD"),
  t("Senior Apartments Unit Turnover and Flooring", "vallejoHA", "RESIDENTIAL", "Housing rehabilitation", "Vallejo", "S", "flooring,painting", "housing", "flooring,painting,unit turns,Section 3"),
  t("Lockwood Gardens Window Replacement", "oaklandHA", "RESIDENTIAL", "Windows", "Oakland", "M", "general", "housing", "windows,energy efficiency,occupied units,Section 3"),
  t("Story Road Affordable Housing Site Work", "sanJose", "RESIDENTIAL", "Site work", "San Jose", "L", "engineering,concrete", "housing", "site work,affordable housing,utilities,grading", "Story Rd and McLaughlin Ave, San José"),
  t("Mission Street Curb Ramp Package", "sfpw", "INFRASTRUCTURE", "Accessibility", "San Francisco", "M", "concrete", "transportation,accessibility", "curb ramps,ADA,sidewalk", "Mission St from 16th St to Cesar Chavez St, San Francisco"),
  t("Bayview Branch Library Tenant Improvements", "sfpw", "COMMERCIAL", "Tenant improvements", "San Francisco", "M", "general,electrical", "public facilities", "tenant improvements,library,interiors", "5075 3rd St, San Francisco"),
  t("Stagg High School Gymnasium HVAC Replacement", "stocktonUsd", "RENOVATION", "HVAC", "Stockton", "M", "hvac", "education", "HVAC,gymnasium,ductwork"),
  t("Substation Perimeter Fence Replacement", "smud", "MAINTENANCE", "Fencing", "Sacramento", "S", "fencing", "energy,utilities", "fencing,security,substation"),
  t("Rooftop Solar at Three Elementary Schools", "scusd", "SPECIALTY", "Solar", "Sacramento", "M", "electrical,roofing", "energy,education", "solar PV,rooftop,Prop 39"),
  t("Hiram Johnson High School Modernization", "scusd", "RENOVATION", "School modernization", "Sacramento", "L", "general,drywall,electrical", "education", "modernization,DSA,classrooms", "6879 14th Ave, Sacramento"),
  t("Blue Line Low-Floor Platform Modifications", "sacrt", "INFRASTRUCTURE", "Transit platforms", "Sacramento", "L", "concrete,electrical", "transit,accessibility", "platforms,low-floor vehicles,ADA,light rail", "Blue Line stations, Sacramento"),
  t("West Oakland Mixed-Use Affordable Housing (96 units)", "ebcb", "NEW_CONSTRUCTION", "Multifamily", "Oakland", "L", "general,drywall,plumbing", "housing,private", "affordable housing,multifamily,podium,prevailing wage", "Mandela Pkwy and 14th St, Oakland"),
  t("Fruitvale Medical Office Tenant Improvement", "fruitvaleHealth", "COMMERCIAL", "Medical office", "Oakland", "M", "general,hvac", "healthcare,private", "tenant improvements,medical office,OSHPD-3"),
  t("Warehouse Conversion to Food Distribution Hub", "riverCityFood", "COMMERCIAL", "Warehouse", "West Sacramento", "M", "general,electrical", "private,food security", "cold storage,warehouse,conversion"),
  t("Downtown Office Lobby Renovation", "almaden", "COMMERCIAL", "Interiors", "San Jose", "S", "general,flooring", "private", "lobby,interiors,finishes"),
  t("Retail Center Parking Lot Resurfacing", "laguna", "MAINTENANCE", "Paving", "Elk Grove", "S", "engineering", "private", "parking lot,slurry seal,striping,ADA"),
  t("Community Center Seismic Retrofit", "vallejo", "RENOVATION", "Seismic retrofit", "Vallejo", "M", "steel,general", "public facilities", "seismic retrofit,steel bracing,community center"),
  t("Fire Rebuild: Coffey Park Community Center", "santaRosa", "NEW_CONSTRUCTION", "Community facility", "Santa Rosa", "L", "general", "public facilities,disaster recovery", "rebuild,community center,FEMA"),
  t("Linear Park Trail Lighting", "fairfield", "SPECIALTY", "Site lighting", "Fairfield", "S", "electrical", "parks", "trail lighting,solar lighting,parks"),
  t("Concord Reuse Project Backbone Infrastructure, Phase 1A", "concord", "INFRASTRUCTURE", "Backbone infrastructure", "Concord", "L", "engineering,trucking", "infrastructure,housing", "grading,utilities,roadways,base reuse"),
  t("Wastewater Plant Coatings Rehabilitation", "modesto", "MAINTENANCE", "Coatings", "Modesto", "M", "painting", "wastewater", "coatings,tanks,confined space"),
  t("Serramonte Library Roof and Skylight Replacement", "dalyCity", "RENOVATION", "Roofing", "Daly City", "S", "roofing", "public facilities", "reroof,skylights,library"),
  t("Downtown Marina Promenade Repairs", "stockton", "MAINTENANCE", "Waterfront", "Stockton", "S", "concrete,landscaping", "parks,waterfront", "promenade,concrete repair,landscaping"),
  t("Berkeley Adult School Classroom Modernization", "berkeleyUsd", "RENOVATION", "School modernization", "Berkeley", "M", "general,electrical", "education", "modernization,classrooms,DSA"),
  t("Bay Road Complete Streets, Phase III", "eastPaloAlto", "INFRASTRUCTURE", "Complete streets", "East Palo Alto", "M", "engineering,concrete,landscaping", "transportation", "complete streets,bike lanes,stormwater,ATP grant"),
];

/** What the scope paragraph says each trade will do. */
export const SCOPE_BY_TRADE: Record<string, string> = {
  general: "general construction, demolition, framing, doors and hardware, and finishes",
  engineering: "excavation, grading, underground utilities, aggregate base and hot-mix asphalt paving",
  concrete: "sawcutting, removal and replacement of concrete curb, gutter, sidewalk and curb ramps",
  electrical: "conduit, conductors, switchgear, lighting and associated electrical work",
  lowvoltage: "structured cabling, fire alarm and security low-voltage systems",
  plumbing: "domestic water, sanitary sewer and fixture work",
  hvac: "removal and replacement of HVAC equipment, ductwork, controls and test and balance",
  roofing: "tear-off, new roofing membrane, insulation, flashing and sheet metal",
  painting: "surface preparation and industrial or architectural coatings",
  landscaping: "planting, irrigation, soil preparation and plant establishment",
  flooring: "removal of existing flooring, substrate preparation and new resilient flooring",
  steel: "fabrication and erection of structural and miscellaneous steel",
  masonry: "CMU repair and new masonry construction",
  fencing: "chain-link and ornamental fencing, gates and guardrail",
  fire: "fire sprinkler and fire alarm modifications",
  drywall: "metal stud framing, gypsum board and acoustical ceilings",
  trucking: "hauling of excavated material and delivery of aggregate",
};
