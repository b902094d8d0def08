"""Small organisations for tests, as the YAML an admin would write."""

SMALL_ORG = """
periods:
  - {name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}
people:
  - {id: U_ANNA, name: Anna de Vries, tz: Europe/Amsterdam, locale: nl, manager: U_BRAM}
  - {id: U_BRAM, name: Bram Bakker, tz: Europe/Amsterdam, locale: nl}
  - {id: U_CARLA, name: Carla Jansen, tz: Europe/Amsterdam, locale: nl, manager: U_BRAM}
  - {id: U_BEN, name: Ben Miller, tz: America/New_York, locale: en}
teams:
  - name: Support
    channel: C_SUPPORT
    country: NL
    members: [U_ANNA, U_BRAM, U_CARLA]
    checkin: {day: monday, time: "09:00", every_weeks: 1}
  - name: Sales
    channel: C_SALES
    country: US
    members: [U_BEN]
    checkin: {day: monday, time: "09:00", every_weeks: 1}
okrs:
  - id: support-fans
    objective: Onze klanten zijn fan van onze dienstverlening
    level: team
    owner: Support
    period: 2026-Q4
    type: aspirational
    key_results:
      - {id: nps, title: NPS stijgt van 25 naar 45, kind: increase, baseline: 25, target: 45, unit: NPS, owner: U_ANNA}
      - {id: reply, title: Eerste reactie binnen 2 uur, kind: decrease, baseline: 8, target: 2, unit: uur,
         owner: U_ANNA}
      - {id: kb, title: Kennisbank live, kind: milestone, owner: U_CARLA}
  - id: sales-growth
    objective: Customers choose us again
    level: team
    owner: Sales
    period: 2026-Q4
    key_results:
      - {id: renewals, title: Renewal rate from 70% to 85%, kind: increase, baseline: 70, target: 85, unit: "%",
         owner: U_BEN}
      - {id: churn, title: Monthly churn stays below 3%, kind: stay_below, target: 3, unit: "%", owner: U_BEN}
"""
