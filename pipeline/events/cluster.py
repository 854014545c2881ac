from dataclasses import dataclass
class EventCluster: pass
def cluster_events(events): return []
def event_clusters_frame(clusters): return None
