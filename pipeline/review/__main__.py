from pipeline.review.cli import main

main()
