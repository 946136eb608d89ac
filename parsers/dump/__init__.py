"""The scraped-dump family: reading a dump into lossless Article records.

``parser`` splits and builds articles, ``furniture`` recognises page furniture, ``dates``
reads header and Published lines, ``lossless`` checks that every input line is accounted for.
"""
