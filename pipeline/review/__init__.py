"""Review of extracted events: a local web app, a static report and the export of decisions as gold.

    serve(db_path, host='127.0.0.1', port=8765, reviewer='analyst')   # blocks
    make_server(db_path, host, port, reviewer)                         # returns the server (tests)
    export_review(db_path, out_dir)                                    # tables (CSV, XLSX) + gold.jsonl
    write_static_report(db_path or store, out_dir)                     # out_dir/index.html, no server needed
"""
from pipeline.review.report import write_static_report
from pipeline.review.server import make_server, serve, start_in_thread
from pipeline.review.service import export_review

__all__ = ["export_review", "make_server", "serve", "start_in_thread", "write_static_report"]
