"""Events stage: trigger lexicon + dependency roles -> typed Events, clusters across articles, timeline page."""
from pipeline.events.cluster import EventCluster, cluster_events, event_clusters_frame
from pipeline.events.extract import extract_events, mentions_from_ents
from pipeline.events.lexicon import Lexicon, load_lexicon
from pipeline.events.timeline import write_timeline

__all__ = ["EventCluster", "Lexicon", "cluster_events", "event_clusters_frame", "extract_events",
           "load_lexicon", "mentions_from_ents", "write_timeline"]
