def write_timeline(events, path): raise NotImplementedError
